import Foundation

/// The runner's `capzflow-guard --sentinel`: it kills the process group of every step it was
/// told to watch when the runner's end of its input closes, by `close()` or by the runner's death.
///
/// Warm shells run without a guard of their own (a guard is one more exec per step); the sentinel
/// takes over the guard's promise that no process of a step outlives a runner killed by SIGKILL.
/// A group is watched from the moment its shell is spawned, before its go byte can be written,
/// and released once it has ended.
///
/// - Important: the write end of its input is close-on-exec from its creation (`StepChild`), so
///   no step inherits it: only the runner's death or `close()` ends the sentinel's input.
final class StepSentinel: Sendable {
    private let child: StepChild

    /// Starts the sentinel; `nil` if it cannot be started (then no shell may run unguarded).
    init?(guardPath: String) {
        guard let child = try? StepChild.spawn(
            [guardPath, "--sentinel"], environment: StepChild.environment(ProcessInfo.processInfo.environment))
        else { return nil }
        self.child = child
    }

    /// Whether the sentinel still runs, so that a shell it would watch is worth starting.
    var isRunning: Bool {
        !child.hasExited
    }

    /// Watches `group`; returns false if the sentinel is gone, and the group must not run unwatched.
    /// One write of a short line: a pipe takes it whole, and it is there even if the runner dies
    /// right after.
    func watch(_ group: Int32) -> Bool {
        isRunning && child.write(Array("+\(group)\n".utf8))
    }

    /// Stops watching `group`, which has ended.
    func release(_ group: Int32) {
        _ = child.write(Array("-\(group)\n".utf8))
    }

    /// Ends the sentinel, which kills whatever it still watches, and waits until it has exited.
    func close() async {
        child.closeInput()
        let child = self.child
        _ = await OwnThread.run { try StepProcess.holdBack(child, guarded: true) }
    }
}
