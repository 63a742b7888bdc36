import Foundation

/// Ends processes a dead runner's step left behind, before the step runs again.
///
/// The guard's parent-death signal normally takes a step's group down with its runner; this
/// is the second line. It only signals processes that are in the recorded group AND carry
/// the run's id and the step's id in their environment, so a recycled group id can never
/// make it kill an unrelated process.
enum OrphanSweeper {
    /// Terminates the leftovers of `step` of `runId` in `group`; returns how many there were.
    static func sweep(group: Int32, runId: String, step: String, grace: Duration) async -> Int {
        let marks = ["CAPZFLOW_RUN_ID=\(runId)", "CAPZFLOW_STEP=\(step)"]
        let orphans = members(of: group).filter { pid in
            guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            let entries = Set(environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
            return marks.allSatisfy(entries.contains)
        }
        guard !orphans.isEmpty else { return 0 }
        for pid in orphans { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline, orphans.contains(where: { kill($0, 0) == 0 }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for pid in orphans where kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        return orphans.count
    }

    /// The pids whose process group is `group`, read from /proc.
    private static func members(of group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // Fields after the command name: state, ppid, pgrp, ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[2]) == group
        }
    }
}
