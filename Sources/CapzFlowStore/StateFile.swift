import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prepares the place of the state database before SQLite opens it, and keeps processes that open
/// it at the same moment from tripping over each other.
///
/// The folder is created 0700 and the file 0600 here, not by SQLite, because SQLite creates files
/// with the umask's mode (often 0644): for a moment the run history, with its parameters, would be
/// readable by other users.
enum StateFile {
    /// Checks the path and creates its folder (mode 0700) when it is missing.
    ///
    /// An existing folder keeps its mode: the store does not silently change permissions the user
    /// chose.
    /// - Throws: `StoreError.cannotOpen` for an empty path, a folder, or a folder it cannot create.
    static func prepareFolder(of path: String) throws(StoreError) {
        guard !path.isEmpty else {
            throw .cannotOpen(path: path, reason: "the path is empty")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .cannotOpen(path: path, reason: "it is a folder, not a file")
        }
        let folder = folder(of: path)
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotOpen(path: path, reason: "cannot create its folder: \(error.localizedDescription)")
            }
        }
    }

    /// Runs `body` while holding an exclusive lock on the database's folder, so that only one
    /// process at a time opens and migrates the file.
    ///
    /// Two processes opening a new file at once otherwise race: both switch it to WAL mode (SQLite
    /// answers one of them "busy" at once, without waiting) and both run the first migration (the
    /// second fails: its tables exist). GRDB's sharing guide protects opening with a file
    /// coordinator; `flock(2)` is the Linux equivalent. The folder is locked rather than the file:
    /// closing any descriptor of the database file would drop SQLite's own locks in this process.
    /// The lock is released when the descriptor closes, even if the process dies.
    /// - Throws: `StoreError.cannotOpen` when the folder cannot be locked, or what `body` throws.
    static func whileOpening<T>(_ path: String, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        let descriptor = open(folder(of: path), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: "cannot open its folder: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw .cannotOpen(path: path, reason: "cannot lock its folder: \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }

    /// Creates the file with mode 0600 unless it already exists; `O_EXCL` makes that one atomic
    /// step, so a file that exists is never touched.
    /// - Throws: `StoreError.cannotOpen` when the file cannot be created.
    static func createFileIfMissing(path: String) throws(StoreError) {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { return }
            throw .cannotOpen(path: path, reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        // An unusual umask (such as 0277) can take the owner's own bits away; set 0600 exactly.
        guard fchmod(descriptor, 0o600) == 0 else {
            throw .cannotOpen(path: path, reason: "cannot set mode 0600: \(String(cString: strerror(errno)))")
        }
    }

    /// Gives the `-wal` and `-shm` files of the database mode 0600 before a writer opens it.
    ///
    /// SQLite gives a new (or empty) `-wal` or `-shm` the database file's own mode. A database the
    /// user made read-only (0400) thus gets read-only ones from any capzflow that merely read it,
    /// and once the user makes the file writable again, those leftovers would refuse every write
    /// ("read-only") although the file itself is writable. Files of another owner are left as
    /// they are (the change fails harmlessly, and SQLite then says what it cannot do).
    static func makeSidecarsPrivate(of path: String) {
        for suffix in ["-wal", "-shm"] {
            var info = stat()
            guard stat(path + suffix, &info) == 0, info.st_mode & 0o777 != 0o600 else { continue }
            _ = chmod(path + suffix, 0o600)
        }
    }

    /// The folder that holds `path` (the working directory for a bare file name).
    private static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}
