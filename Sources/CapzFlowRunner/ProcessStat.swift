#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few fields of `/proc/<pid>/stat` capzflow needs to tell live processes from dead ones.
///
/// Parsed after the last `)`, because the command name before it may itself hold spaces and
/// parentheses.
struct ProcessStat: Equatable {
    /// The state letter (`R`, `S`, `D`, `Z` for a zombie, …).
    var state: UInt8
    /// The parent's pid.
    var parent: Int32
    /// The process-group id.
    var processGroup: Int32
    /// The session id; a process that called setsid() leads its own.
    var session: Int32
    /// When the process started, in clock ticks after boot; with the pid, it names one process.
    var startTime: UInt64

    /// A zombie or dead process has exited, even though its pid is still listed.
    var hasExited: Bool {
        state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") || state == UInt8(ascii: "x")
    }

    /// Parses the text of a stat file; `nil` if it is not one.
    init?(parsing text: some BidirectionalCollection<UInt8>) {
        guard let close = text.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        // Fields 3 and on: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt,
        // majflt, cmajflt, utime, stime, cutime, cstime, priority, nice, num_threads,
        // itrealvalue, starttime (field 22).
        let fields = text[text.index(after: close)...].split(separator: UInt8(ascii: " "))
        guard fields.count > 19, fields[0].count == 1,
              let parent = Int32(String(decoding: fields[1], as: UTF8.self)),
              let group = Int32(String(decoding: fields[2], as: UTF8.self)),
              let session = Int32(String(decoding: fields[3], as: UTF8.self)),
              let start = UInt64(String(decoding: fields[19], as: UTF8.self))
        else { return nil }
        self.state = fields[0].first!  // count == 1 was checked above
        self.parent = parent
        self.processGroup = group
        self.session = session
        self.startTime = start
    }

    /// Reads the stat of a process; `nil` if there is no such process (any more).
    static func of(pid: Int32) -> ProcessStat? {
        guard pid > 0 else { return nil }
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // One read returns the whole file: it is generated at once and far shorter than this.
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return ProcessStat(parsing: buffer[..<count])
    }

    /// The pids of all processes visible in `/proc`; `nil` if `/proc` cannot be listed.
    static func allProcessIDs() -> [Int32]? {
        guard let folder = opendir("/proc") else { return nil }
        defer { closedir(folder) }
        var pids: [Int32] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let pid = Int32(name) {
                pids.append(pid)
            }
        }
        return pids
    }
}
