import GRDB

/// The store's schema, as a list of named migrations that never change once shipped.
///
/// A schema change is a new migration appended at the end ("v2", "v3", …). Tables and columns are
/// spelled as SQL string literals, never derived from record types, so renaming a Swift type can
/// never rewrite the past. `eraseDatabaseOnSchemaChange` is never used: the log is the product.
enum Migrations {
    /// The one migrator every `EventStore` runs when it opens a file.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createV1)
        return migrator
    }

    /// Runs, their append-only event log, their leases and their steps' output.
    ///
    /// Times are GRDB's text form (UTC, to the millisecond), which sorts as time does. JSON columns
    /// must hold an object; `CASE` keeps `json_type` from failing on text that is not JSON at all.
    private static func createV1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE run (
                id TEXT NOT NULL PRIMARY KEY,
                workflow TEXT NOT NULL,
                workflowPath TEXT NOT NULL,
                definition TEXT NOT NULL,
                definitionHash TEXT NOT NULL,
                params TEXT NOT NULL
                    CHECK (CASE WHEN json_valid(params) THEN json_type(params) = 'object' ELSE 0 END),
                createdAt DATETIME NOT NULL,
                status TEXT NOT NULL,
                finishedAt DATETIME,
                lastSeq INTEGER NOT NULL CHECK (lastSeq >= 0),
                updatedAt DATETIME NOT NULL
            );
            CREATE INDEX run_on_createdAt_id ON run(createdAt, id);
            CREATE INDEX run_on_status_createdAt_id ON run(status, createdAt, id);
            CREATE INDEX run_on_workflow_createdAt_id ON run(workflow, createdAt, id);

            CREATE TABLE event (
                runId TEXT NOT NULL REFERENCES run(id),
                seq INTEGER NOT NULL CHECK (seq >= 1),
                at DATETIME NOT NULL,
                type TEXT NOT NULL,
                step TEXT,
                attempt INTEGER,
                payload TEXT NOT NULL
                    CHECK (CASE WHEN json_valid(payload) THEN json_type(payload) = 'object' ELSE 0 END),
                PRIMARY KEY (runId, seq)
            ) WITHOUT ROWID;

            CREATE TABLE lease (
                runId TEXT NOT NULL PRIMARY KEY REFERENCES run(id),
                token TEXT NOT NULL,
                pid INTEGER NOT NULL,
                host TEXT NOT NULL,
                processStart INTEGER NOT NULL,
                acquiredAt DATETIME NOT NULL,
                heartbeatAt DATETIME NOT NULL,
                expiresAt DATETIME NOT NULL
            );

            CREATE TABLE logChunk (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                runId TEXT NOT NULL REFERENCES run(id),
                step TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                at DATETIME NOT NULL,
                text TEXT NOT NULL
            );
            CREATE INDEX logChunk_on_runId_step_attempt_id ON logChunk(runId, step, attempt, id);
            CREATE INDEX logChunk_on_runId_id ON logChunk(runId, id);
            """)
    }
}
