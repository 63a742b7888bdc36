#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Subprocess
import Synchronization
import SystemPackage

/// The runner's `capzflow-guard --sentinel`: it kills the process group of every step it was
/// told to watch when the runner's end of its input closes, by `close()` or by the runner's death.
///
/// Warm shells run without a guard of their own (a guard is one more exec per step); the sentinel
/// takes over the guard's promise that no process of a step outlives a runner killed by SIGKILL.
/// A group is watched from the moment its shell is spawned, before its go byte can be written,
/// and released once it has ended.
///
/// - Important: the write end of its input is close-on-exec, so no step inherits it: only the
///   runner's death or `close()` ends the sentinel's input.
final class StepSentinel: Sendable {
    /// Whether the sentinel process still runs, shared with the task that waits for it.
    private final class Liveness: Sendable {
        let running = Atomic<Bool>(true)
    }

    /// The write end of the sentinel's input; -1 once closed, so no later write can reach a
    /// descriptor that has since been reused.
    private let input: Mutex<Int32>
    private let liveness = Liveness()
    private let work: Task<Void, Never>

    /// Starts the sentinel; `nil` if it cannot be started (then no shell may run unguarded).
    /// - Important: create it before the runner spawns anything else: until both ends of its
    ///   pipe are close-on-exec, a process spawned meanwhile could inherit them.
    init?(guardPath: String) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        guard fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0 else {
            Glibc.close(ends[0])
            Glibc.close(ends[1])
            return nil
        }
        input = Mutex(ends[1])
        let readEnd = FileDescriptor(rawValue: ends[0])
        let liveness = self.liveness
        work = Task {
            var options = PlatformOptions()
            options.createSession = true
            _ = try? await Subprocess.run(
                .path(FilePath(guardPath)), arguments: ["--sentinel"], platformOptions: options,
                input: .fileDescriptor(readEnd, closeAfterSpawningProcess: true), output: .discarded, error: .discarded)
            liveness.running.store(false, ordering: .releasing)
        }
    }

    /// Whether the sentinel still runs, so that a shell it would watch is worth starting.
    var isRunning: Bool {
        liveness.running.load(ordering: .acquiring)
    }

    /// Watches `group`; returns false if the sentinel is gone, and the group must not run unwatched.
    func watch(_ group: Int32) -> Bool {
        isRunning && send("+\(group)\n")
    }

    /// Stops watching `group`, which has ended.
    func release(_ group: Int32) {
        _ = send("-\(group)\n")
    }

    /// Ends the sentinel, which kills whatever it still watches, and waits until it has exited.
    func close() async {
        input.withLock { input in
            if input >= 0 { Glibc.close(input) }
            input = -1
        }
        await work.value
    }

    /// One write of a short line: a pipe takes it whole, and it is there even if the runner dies
    /// right after.
    private func send(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        return input.withLock { input in
            while input >= 0 {
                let written = bytes.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
                if written == bytes.count { return true }
                if written >= 0 || errno != EINTR { return false }
            }
            return false
        }
    }
}
