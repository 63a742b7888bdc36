import Foundation
import GRDB
import Logging

/// The append-only, fenced event log of every run, in one SQLite file shared by all capzflow
/// processes.
///
/// Several processes open the same file at once (a runner, `status`, `signal`, a second runner
/// trying to resume), so the store relies on SQLite's own locking: WAL mode, a busy timeout, and
/// one immediate transaction per decision. Every write that a runner makes is fenced by its lease
/// token and by the sequence number it expects, so a runner that lost the run can never write.
///
/// - Important: Each write method is one transaction: it all commits, or none of it does. Every
///   transaction is made durable before the call returns (`synchronous = FULL`), so the runner can
///   act on a transition as soon as its append returns — unless the caller asks for `.deferred`
///   durability, for a write nothing waits on, which the next durable write syncs with it.
public final class EventStore: Sendable {
    /// The path of the database file.
    public let path: String

    /// The connections to the file: one writer, several readers.
    let pool: DatabasePool

    /// The file `path` named when it was opened; a write is refused once the path names
    /// another file or none (see `FileIdentity`).
    let identity: FileIdentity?

    /// The store's log; it never prints.
    static let logger = Logger(label: "capzflow.store")

    /// Opens the database at `path`, creating it (and its folder) if missing, and migrates it.
    ///
    /// A missing folder is created with mode 0700 and a missing file with mode 0600 before SQLite
    /// touches it. The file is put in WAL mode with `synchronous = FULL` and foreign keys on, and
    /// waits up to 60 seconds for another process's write to finish before giving up: on a machine
    /// with many runs and a slow disk a commit can queue for seconds, and a runner that gave up
    /// would stop its run for nothing (found with sixteen runs at once under load). Processes
    /// that open the same file at once take turns (a lock on its folder), so a new file is created
    /// and migrated exactly once.
    ///
    /// - Important: A file migrated by a newer capzflow, or an SQLite file capzflow did not make,
    ///   is refused before anything is written to it.
    /// - Throws: `StoreError.cannotOpen` (empty path, a folder, no permission), `.notADatabase`,
    ///   `.readOnly`, `.newerSchema`, `.busy` or `.diskFull`.
    public convenience init(path: String) throws(StoreError) {
        try self.init(path: path, busyTimeout: 60)
    }

    /// Opens the database like `init(path:)` with another busy timeout, so tests can provoke a
    /// lasting `SQLITE_BUSY` without waiting a minute.
    init(path: String, busyTimeout: TimeInterval) throws(StoreError) {
        self.path = path
        try StateFile.prepareFolder(of: path)
        pool = try StateFile.whileOpening(path) { () throws(StoreError) -> DatabasePool in
            try StateFile.createFileIfMissing(path: path)
            try Self.refuseUnknownSchema(path: path)
            StateFile.makeSidecarsPrivate(of: path)
            let pool = try Self.openPool(path: path, busyTimeout: busyTimeout, readOnly: false)
            try Self.perform(path: path) {
                try Self.makeDurable(pool)
                try Migrations.migrator.migrate(pool)
            }
            return pool
        }
        identity = FileIdentity.of(path)
        Self.logger.debug("opened state database", metadata: ["path": "\(path)"])
    }

    /// Wraps connections `EventStore.openForReading` opened.
    init(path: String, readOnlyPool: DatabasePool) {
        self.path = path
        pool = readOnlyPool
        identity = FileIdentity.of(path)
    }

    /// Opens the connection pool: WAL mode (GRDB's default for a writable pool), foreign keys,
    /// busy timeout. A read-only pool opens the file with `SQLITE_OPEN_READONLY` and changes
    /// nothing in it, not even its journal mode.
    static func openPool(path: String, busyTimeout: TimeInterval, readOnly: Bool) throws(StoreError) -> DatabasePool {
        var configuration = Configuration()
        configuration.label = "capzflow.store"
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.readonly = readOnly
        return try perform(path: path) { try DatabasePool(path: path, configuration: configuration) }
    }

    /// Makes the writer connection durable on every commit, and keeps those commits cheap.
    ///
    /// GRDB sets `synchronous = NORMAL` when it puts the file in WAL mode, after any
    /// `prepareDatabase` hook has run; NORMAL may lose the last commits on a power cut. A pool has
    /// one writer connection for its whole life, so setting FULL on it once, here, covers every
    /// write this store makes.
    ///
    /// The WAL is checkpointed every 128 pages (SQLite's default is 1,000): a commit that appends
    /// to the end of the WAL makes the sync also write the file's new size, while one that
    /// overwrites a WAL restarted after a checkpoint does not. A run commits a few pages per step,
    /// so with the default every step of a run's first few hundred grew the file; measured on the
    /// 200-step benchmark, the sync of a step's start took a quarter less time (a checkpoint every
    /// thirty-odd steps costs far less than it saves).
    private static func makeDurable(_ pool: DatabasePool) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 128")
        }
    }

    /// Refuses a file a newer build migrated or another program made, reading it read-only, before
    /// anything in it changes: opening it for writing would already switch it to WAL mode. A new,
    /// empty file has nothing to check. The caller holds the opening lock, so what this finds
    /// still holds when the migrations run.
    /// - Throws: `StoreError.newerSchema`, `.notADatabase`, or why the file cannot be read.
    private static func refuseUnknownSchema(path: String) throws(StoreError) {
        guard ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) > 0 else { return }
        try perform(path: path) {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            _ = try DatabaseQueue(path: path, configuration: configuration).read { db in
                try SchemaVersion.requireKnown(db, path: path)
            }
        }
    }

    /// Runs `updates` in one write transaction, mapping every failure to `StoreError`.
    ///
    /// A `StoreError` thrown by `updates` rolls the transaction back and reaches the caller as is.
    /// - Parameter durability: `.deferred` commits without syncing the file (see `Durability`);
    ///   the writer connection is back to `synchronous = FULL` before this returns.
    /// - Throws: `StoreError.movedAway` when the path no longer names the file this store opened:
    ///   the write would land in a file nobody can find again.
    func write<T>(_ durability: Durability = .immediate, _ updates: (Database) throws -> T) throws(StoreError) -> T {
        if let identity, !identity.isStillThere { throw .movedAway(path: path) }
        switch durability {
        case .immediate:
            return try Self.perform(path: path) { try pool.write(updates) }
        case .deferred:
            return try Self.perform(path: path) {
                try pool.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                    var value: T?
                    let committed = Result { try db.inTransaction(.immediate) { value = try updates(db); return .commit } }
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                    try committed.get()
                    // The transaction committed, so `updates` ran to its end.
                    return value!
                }
            }
        }
    }

    /// Reads from a snapshot of the database, mapping every failure to `StoreError`.
    func read<T>(_ value: (Database) throws -> T) throws(StoreError) -> T {
        try Self.perform(path: path) { try pool.read(value) }
    }

    /// Runs `body`, turning whatever it throws into a `StoreError` (and logging failures of the
    /// file or the machine), so no GRDB error escapes the store.
    static func perform<T>(path: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            let storeError = StoreError(error, path: path)
            if storeError.isInfrastructure {
                logger.warning("state database failure", metadata: ["error": "\(storeError)"])
            }
            throw storeError
        }
    }
}
