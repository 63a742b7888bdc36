import Foundation

/// Finds the processes of one step of one run by the `CAPZFLOW_RUN_FOLDER` and `CAPZFLOW_STEP`
/// variables every process of a step inherits.
///
/// A process group id or a pid recorded by a dead runner may have been reused since; the
/// tags make sure that only the step's own processes are ever signalled or adopted. The run's
/// folder (beside its database) rather than its id: two databases may each hold a run of the
/// same id, and one must never adopt or end the other's processes.
enum TaggedProcesses {
    /// Whether `pid` carries the tags of `step` of the run whose folder is `runFolder`.
    static func carries(_ pid: Int32, runFolder: String, step: String) -> Bool {
        guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        var found = 0
        for entry in environ.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            if text == "CAPZFLOW_RUN_FOLDER=\(runFolder)" || text == "CAPZFLOW_STEP=\(step)" { found += 1 }
        }
        return found == 2
    }

    /// The live processes of `group` that belong to `step` of the run in `runFolder`.
    static func inGroup(_ group: Int32, runFolder: String, step: String) -> [Int32] {
        (ProcessStat.allProcessIDs() ?? []).filter { pid in
            guard let stat = ProcessStat.of(pid: pid), stat.processGroup == group, !stat.hasExited else { return false }
            return carries(pid, runFolder: runFolder, step: step)
        }
    }

    /// The running root of a `service` step of the run in `runFolder` — a session leader carrying the
    /// step's tags — so that a service launched just before a crash is adopted, not started
    /// a second time.
    static func serviceRoot(runFolder: String, step: String) -> ProcessIdentity? {
        for pid in ProcessStat.allProcessIDs() ?? [] {
            guard let stat = ProcessStat.of(pid: pid), stat.session == pid, !stat.hasExited,
                  carries(pid, runFolder: runFolder, step: step) else { continue }
            return ProcessIdentity(pid: pid, startTime: stat.startTime)
        }
        return nil
    }
}
