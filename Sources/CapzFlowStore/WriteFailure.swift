import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why SQLite could not write: it reports a failed `write(2)` as a bare "disk I/O error", which
/// tells the user nothing. Two limits explain most of them and have a plain remedy, so the store
/// looks for them before giving up.
enum WriteFailure {
    /// The largest SQLite page: a write that failed at a file's size limit began at most this far
    /// below it.
    private static let slack: UInt64 = 65_536

    /// Less free space than this on the database's disk counts as a full disk.
    private static let nearlyFull: UInt64 = 1 << 20

    /// `.fileTooLarge` when the process's file size limit is finite and a file of the database
    /// (the file, its `-wal` or `-shm`) has grown up to it; `.diskFull` when the disk is nearly
    /// full; nil when neither explains the failure.
    static func cause(path: String) -> StoreError? {
        if let limit = fileSizeLimit() {
            let largest = ["", "-wal", "-shm"].map { size(of: path + $0) }.max() ?? 0
            if largest + slack >= limit { return .fileTooLarge(path: path, limit: limit) }
        }
        if let free = freeSpace(near: path), free < nearlyFull { return .diskFull(path: path) }
        return nil
    }

    /// The soft `RLIMIT_FSIZE` in bytes, or nil when there is none.
    private static func fileSizeLimit() -> UInt64? {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        #else
        let resource = RLIMIT_FSIZE
        #endif
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return UInt64(limit.rlim_cur)
    }

    /// The size of the file at `path`, 0 when there is none.
    private static func size(of path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_size) : 0
    }

    /// The bytes an unprivileged process may still write on the disk of `path`'s folder.
    private static func freeSpace(near path: String) -> UInt64? {
        var info = statvfs()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard statvfs(folder, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }
}
