import GRDB

/// What a database file's schema says about who made it, read before anything is written to it
/// (or read from it).
///
/// The schema is versioned by GRDB's list of applied migrations (`grdb_migrations`). This build
/// never sets `PRAGMA user_version`, so a non-zero one means a build that versions its schema
/// another way wrote the file. A file with tables but no migration list was made by some other
/// program: migrating it would add capzflow's tables to someone else's database.
enum SchemaVersion: Equatable {
    /// Every migration this build knows is applied, and no other.
    case current
    /// Empty, or written by an older build: this build's migrations bring it up to date.
    case needsMigration
    /// A newer build changed the schema; this build must not write to it, nor trust what it reads.
    case newer
    /// An SQLite database that capzflow did not make.
    case foreign

    /// Classifies the database `db` against this build's migrations and refuses what this build
    /// must not touch.
    /// - Returns: whether the migrations still have to run (`.needsMigration`), else it is `.current`.
    /// - Throws: `StoreError.newerSchema` for a newer build's file, `.notADatabase` for another
    ///   program's database.
    static func requireKnown(_ db: Database, path: String) throws -> Bool {
        switch try of(db, migrator: Migrations.migrator) {
        case .current: return false
        case .needsMigration: return true
        case .newer: throw StoreError.newerSchema(path: path)
        case .foreign: throw StoreError.notADatabase(path: path)
        }
    }

    /// Classifies the database `db` against `migrator`.
    static func of(_ db: Database, migrator: DatabaseMigrator) throws -> SchemaVersion {
        guard try db.tableExists("grdb_migrations") else {
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            return tables == 0 ? .needsMigration : .foreign
        }
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if try userVersion != 0 || migrator.hasBeenSuperseded(db) {
            return .newer
        }
        return try migrator.hasCompletedMigrations(db) ? .current : .needsMigration
    }
}
