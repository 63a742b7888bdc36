#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Whether processes a step started still exist.
enum ProcessProbe {
    /// Whether `pid` no longer runs: `kill(pid, 0)` fails with ESRCH, or it is a zombie.
    ///
    /// A killed grandchild is re-parented to the machine's init, which in a container may
    /// never reap it; a zombie runs nothing, so it counts as gone.
    static func isGone(_ pid: Int32) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        return state(of: pid) == "Z"
    }

    /// The one-letter state in `/proc/PID/stat` (R, S, Z…), if the process exists.
    static func state(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ").first.map(String.init)
    }

    /// The start time of `pid` in clock ticks after boot (field 22 of `/proc/PID/stat`), the
    /// value capzflow records with a service's pid; `nil` if there is no such process.
    static func startTime(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name start at field 3 (the state); field 22 is the 20th.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }

    /// The live (not zombie) processes whose process group is `group`.
    static func members(ofGroup group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After the command name: state, ppid, pgrp, ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
        }
    }

    /// The live processes whose environment holds `WORK=folder`: everything a test's steps and
    /// services started, found by the test's own unique folder.
    static func processes(workingIn folder: String) -> [Int32] {
        let mark = Data("WORK=\(folder)".utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard pid != getpid(), let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environ.split(separator: 0).contains { Data($0) == mark } && !isGone(pid)
        }
    }

    /// Waits until the process group `group` has no live member (hang guard: 60 s).
    static func waitUntilGroupGone(_ group: Int32, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await waitUntil("\(what) (process group \(group)) to end", sourceLocation: sourceLocation) {
            members(ofGroup: group).isEmpty
        }
    }

    /// Waits until every pid in `pids` is gone (hang guard: 60 s).
    static func waitUntilGone(_ pids: [Int32], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await waitUntil("\(what) (pids \(pids.map(String.init).joined(separator: ", "))) to end", sourceLocation: sourceLocation) {
            pids.allSatisfy(isGone)
        }
    }
}
