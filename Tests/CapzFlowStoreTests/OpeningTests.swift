import Foundation
import GRDB
import Testing
@testable import CapzFlowStore

@Suite("Opening a state database")
struct OpeningTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    /// The schema's SQL and the applied migrations, read straight from the file.
    private func schema(of path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            let migrations = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            return tables + migrations.map { "migration \($0)" }
        }
    }

    @Test("opening a new file creates the schema, and opening it again changes nothing")
    func migrationsRunOnce() throws {
        let path = folder.path("capzflow.sqlite")
        _ = try EventStore(path: path)
        let first = try schema(of: path)
        for table in ["run", "event", "lease", "logChunk"] {
            #expect(first.contains { $0.hasPrefix("table \(table): ") }, "missing table \(table)")
        }
        #expect(first.contains("migration v1"))

        _ = try EventStore(path: path)
        #expect(try schema(of: path) == first)
    }

    @Test("a file migrated by a newer capzflow is refused with .newerSchema and left as it was")
    func newerSchemaIsRefused() throws {
        let path = folder.path("capzflow.sqlite")
        do {
            let store = try EventStore(path: path)
            try Fixture.createRun("r1", in: store)
        }
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        let before = try schema(of: path)

        #expect(throws: StoreError.newerSchema(path: path)) {
            _ = try EventStore(path: path)
        }
        #expect(try schema(of: path) == before)
        let runs = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT id FROM run") }
        #expect(runs == ["r1"])
    }

    @Test("the writer uses WAL, synchronous FULL, foreign keys and a checkpoint every 128 pages")
    func writerPragmas() throws {
        let store = try EventStore(path: folder.path("capzflow.sqlite"))
        let (journalMode, synchronous, foreignKeys, checkpoint) = try store.pool.writeWithoutTransaction { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
            )
        }
        #expect(journalMode == "wal")
        #expect(synchronous == 2, "2 is FULL; GRDB's WAL setup leaves 1, NORMAL")
        #expect(foreignKeys == 1)
        #expect(checkpoint == 128)
    }

    @Test("the WAL is checkpointed and restarted while a run writes, so it stays small")
    func walStaysSmall() throws {
        let path = folder.path("capzflow.sqlite")
        let store = try EventStore(path: path)
        var lastSeq = try Fixture.createRun("r1", in: store, token: "token-1", events: 1)
        for _ in 0..<600 {
            lastSeq = try store.append(Fixture.events(1, from: lastSeq), to: "r1", expectedLastSeq: lastSeq, leaseToken: "token-1", status: nil)
        }
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        // 600 commits of a page or two each: without checkpoints the WAL would hold them all.
        #expect(wal > 0 && wal < 160 * 4_096)
        #expect(try store.events(of: "r1").count == 601)
    }

    @Test("the writer is still synchronous FULL after many writes")
    func synchronousStaysFull() throws {
        let store = try EventStore(path: folder.path("capzflow.sqlite"))
        for index in 0..<5 {
            try Fixture.createRun("r\(index)", in: store)
        }
        let synchronous = try store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2)
    }

    @Test("a missing folder is created 0700 and the file 0600")
    func modes() throws {
        let path = folder.path("state/capzflow.sqlite")
        _ = try EventStore(path: path)
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.path("state"))[.posixPermissions]
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]
        #expect((folderMode as? Int).map { $0 & 0o777 } == 0o700)
        #expect((fileMode as? Int).map { $0 & 0o777 } == 0o600)
    }

    @Test("an empty path cannot be opened")
    func emptyPath() {
        #expect(throws: StoreError.cannotOpen(path: "", reason: "the path is empty")) {
            _ = try EventStore(path: "")
        }
    }

    @Test("a folder cannot be opened as a database")
    func folderPath() {
        let path = folder.url.path
        #expect(throws: StoreError.cannotOpen(path: path, reason: "it is a folder, not a file")) {
            _ = try EventStore(path: path)
        }
    }

    @Test("a file of random bytes is not a database")
    func randomBytes() throws {
        let path = folder.path("noise.sqlite")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<8192).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        #expect(throws: StoreError.notADatabase(path: path)) {
            _ = try EventStore(path: path)
        }
    }

    @Test("a truncated database file is not a database")
    func truncatedFile() throws {
        let path = folder.path("capzflow.sqlite")
        do {
            let store = try EventStore(path: path)
            for index in 0..<50 {
                try Fixture.createRun("run-\(index)", in: store, events: 20)
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 6000)
        try handle.close()

        #expect(throws: StoreError.notADatabase(path: path)) {
            let store = try EventStore(path: path)
            _ = try store.runs()
        }
    }

    @Test(
        "a read-only file refuses writes with .readOnly",
        .enabled(if: geteuid() != 0, "root writes to a 0444 file anyway, so this needs a normal user"))
    func readOnlyFile() throws {
        let path = folder.path("capzflow.sqlite")
        do {
            let store = try EventStore(path: path)
            try Fixture.createRun("r1", in: store)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)

        #expect(throws: StoreError.readOnly(path: path)) {
            let store = try EventStore(path: path)
            try Fixture.createRun("r2", in: store)
        }
    }

    @Test("a write SQLite refuses as read-only reaches the caller as .readOnly")
    func readOnlyConnection() throws {
        let path = folder.path("capzflow.sqlite")
        let store = try EventStore(path: path)
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA query_only = ON") }

        #expect(throws: StoreError.readOnly(path: path)) {
            try Fixture.createRun("r1", in: store)
        }
    }
}
