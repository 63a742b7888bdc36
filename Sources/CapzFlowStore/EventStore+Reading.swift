import Foundation
import GRDB

extension EventStore {
    /// Opens an existing database only to read it, for the commands that audit runs (`history`,
    /// `status`, `events`, `logs`).
    ///
    /// The file is opened with `SQLITE_OPEN_READONLY`: nothing is written to it, not even its
    /// journal mode or a migration, so a database the user made read-only (or cannot write: a
    /// backup, another user's file) can still be audited. The one exception is a file this build
    /// must migrate first (empty, or written by an older build): it is opened like `init(path:)`,
    /// as before, and needs to be writable.
    ///
    /// Writes through the returned store fail with `StoreError.readOnly`.
    /// - Important: Reading a WAL-mode database needs its `-shm` file; when it is missing and the
    ///   folder is read-only, SQLite cannot read the file at all, and this says so.
    /// - Throws: `StoreError.cannotOpen` (missing, a folder, unreadable), `.notADatabase`,
    ///   `.newerSchema`, `.busy`, or what `init(path:)` throws for a file that needs migrating.
    public static func openForReading(path: String) throws(StoreError) -> EventStore {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .cannotOpen(path: path, reason: "no such file")
        }
        guard !isFolder.boolValue else { throw .cannotOpen(path: path, reason: "it is a folder, not a file") }
        // Under the opening lock, so a file another process is creating is seen migrated or not
        // at all, never half made.
        let opened = try StateFile.whileOpening(path) { () throws(StoreError) -> DatabasePool? in
            do throws(StoreError) {
                let pool = try openPool(path: path, busyTimeout: 10, readOnly: true)
                let needsMigration = try perform(path: path) {
                    try pool.read { db in try SchemaVersion.requireKnown(db, path: path) }
                }
                return needsMigration ? nil : pool
            } catch .readOnly, .cannotOpen {
                throw sharedMemoryMissing(path: path)
            }
        }
        guard let opened else {
            // Opened outside the lock: `init(path:)` takes it again.
            return try EventStore(path: path)
        }
        return EventStore(path: path, readOnlyPool: opened)
    }

    /// Why a read-only open failed: SQLite needs the `-shm` file of a WAL database to read it,
    /// and cannot create it in a read-only folder.
    private static func sharedMemoryMissing(path: String) -> StoreError {
        let sidecar = path + "-shm"
        if FileManager.default.fileExists(atPath: sidecar) {
            return .cannotOpen(path: path, reason: "SQLite could not read it or its \(sidecar) file; check their permissions")
        }
        return .cannotOpen(
            path: path,
            reason: "reading it needs \(sidecar) beside it, which does not exist and cannot be created in a read-only folder; "
                + "make the folder writable, or copy the database (with any -wal file) to a writable folder and pass --state COPY")
    }
}
