import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path named when the store opened it: its device and inode, as `stat(2)` reports
/// them.
///
/// SQLite keeps writing to the file it opened even after that file was deleted or its folder
/// was moved (in WAL mode it does not notice), so a runner would go on recording a run into a
/// file nobody can find again, and report success. Comparing the path's identity with the one
/// seen at opening tells the store that the database is no longer where the user thinks it is.
struct FileIdentity: Equatable, Sendable {
    /// The path made absolute when the file was opened, so a later change of the working
    /// directory cannot make it name another file.
    let path: String
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path` now (following symbolic links), or nil when nothing is
    /// there.
    static func of(_ path: String) -> FileIdentity? {
        identity(ofAbsolute: URL(fileURLWithPath: path).path)
    }

    /// Whether the path still names this very file. Asked before every write, so it is one
    /// `stat` of the path already made absolute.
    var isStillThere: Bool {
        FileIdentity.identity(ofAbsolute: path) == self
    }

    private static func identity(ofAbsolute path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
