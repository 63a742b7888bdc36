import Foundation

/// Ends processes a dead runner's step left behind, before the step runs again.
///
/// The guard's parent-death signal normally takes a step's group down with its runner; this
/// is the second line. It only signals processes that are in the recorded group AND carry
/// the run's folder and the step's id in their environment, so a recycled group id can never
/// make it kill an unrelated process.
enum OrphanSweeper {
    /// Terminates the leftovers of `step` of the run in `runFolder` in `group`; returns how many
    /// there were.
    static func sweep(group: Int32, runFolder: String, step: String, grace: Duration) async -> Int {
        let orphans = TaggedProcesses.inGroup(group, runFolder: runFolder, step: step)
        guard !orphans.isEmpty else { return 0 }
        for pid in orphans { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline, orphans.contains(where: { ProcessStat.of(pid: $0)?.hasExited == false }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for pid in orphans where ProcessStat.of(pid: pid)?.hasExited == false { kill(pid, SIGKILL) }
        return orphans.count
    }
}
