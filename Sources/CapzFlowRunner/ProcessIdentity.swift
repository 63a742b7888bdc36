#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One process, named by its pid and its start time so that a recycled pid is never mistaken
/// for it.
///
/// Leases and services record identities; a later runner asks `isAlive` before trusting that a
/// recorded holder still runs, or before signalling a recorded service.
public struct ProcessIdentity: Sendable, Equatable, Codable {
    /// The process id.
    public var pid: Int32
    /// The start time in clock ticks after boot (field 22 of `/proc/<pid>/stat`).
    public var startTime: UInt64

    /// Creates an identity from recorded values.
    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The identity of the calling process.
    public static func current() -> ProcessIdentity {
        // Linux always lists the running process itself in /proc.
        of(pid: getpid())!
    }

    /// The identity of a running (or not yet reaped) process; `nil` if there is no such pid.
    public static func of(pid: Int32) -> ProcessIdentity? {
        ProcessStat.of(pid: pid).map { ProcessIdentity(pid: pid, startTime: $0.startTime) }
    }

    /// Whether this very process still runs: its pid exists, is not a zombie and started at the
    /// recorded time.
    public var isAlive: Bool {
        guard let stat = ProcessStat.of(pid: pid) else { return false }
        return !stat.hasExited && stat.startTime == startTime
    }

    /// The name of this machine, recorded with identities because a pid means nothing elsewhere.
    public static var hostName: String {
        var buffer = [UInt8](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }
}
