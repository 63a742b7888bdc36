import Dispatch
import Glibc
import Synchronization

/// A bash started before its step is known, waiting for one.
///
/// Starting bash takes about a millisecond, more than most of what the runner does per step; a
/// shell started while the steps before it run takes that off the next step's path. It runs
/// `ShellHandoff.prologue`: nothing happens until `run` has recorded the step's start and written
/// the go byte with the step's variables and script. It has no guard of its own (one exec less per
/// step): it leads its own session and process group, the runner sees its exit status directly,
/// and the runner's `StepSentinel` kills its group if the runner dies. Everything else is as for
/// `StepProcess.run`: limits, output, teardown, exit statuses.
///
/// - Important: a shell that is never used must be dismissed (`dismiss`), or it waits as long
///   as the runner lives (the runner's death closes its input, and it exits).
final class WarmShell: Sendable {
    private enum Phase: Sendable {
        /// Being spawned; `dismissed` if it was sent away meanwhile.
        case starting(dismissed: Bool)
        /// Spawned and watched by the sentinel, waiting for a step.
        case waiting(StepChild)
        /// A step took it.
        case taken(StepChild)
        /// Sent away, or never started: no step will run in it.
        case over(StepChild?)
    }

    /// Spawns the shells and ends the dismissed ones, off the runner's path: a spawn waits until
    /// bash has been executed. Nothing on it waits for long: a dismissed shell gets SIGKILL.
    private static let queue = DispatchQueue(label: "capzflow.warm-shells")

    private let phase = Mutex<Phase>(.starting(dismissed: false))
    private let sentinel: StepSentinel
    private let finished = Latch()

    /// Starts bash with `environment` (the runner's own, as `NAME=value`), watched by `sentinel`
    /// rather than under a guard of its own; returns at once.
    init(shell: String, environment: [String], sentinel: StepSentinel) {
        self.sentinel = sentinel
        Self.queue.async { [self] in
            guard case .starting(false) = phase.withLock({ $0 }) else {
                phase.withLock { $0 = .over(nil) }
                finished.open()
                return
            }
            let child = try? StepChild.spawn([shell, "-euo", "pipefail", "-c", ShellHandoff.prologue, "bash"], environment: environment)
            // Watched before it can be released: a runner killed from here on takes it along.
            let watched = child.map { sentinel.watch($0.pid) } ?? false
            let usable = phase.withLock { phase -> Bool in
                guard let child, watched, case .starting(false) = phase else {
                    phase = .over(child)
                    return false
                }
                phase = .waiting(child)
                return true
            }
            if !usable {
                if let child { Self.end(child, watched: watched, sentinel: sentinel) }
                finished.open()
            }
        }
    }

    /// Bash's pid, the shell's process-group id, once it has been spawned.
    var processGroup: Int32? {
        phase.withLock { phase in
            switch phase {
            case .starting: nil
            case let .waiting(child), let .taken(child): child.pid
            case let .over(child): child?.pid
            }
        }
    }

    /// Whether a step can be handed to the shell now: it has been spawned and still waits.
    var isReady: Bool {
        phase.withLock { phase in
            if case let .waiting(child) = phase { !child.hasExited } else { false }
        }
    }

    /// Whether the shell is still being spawned (it will be ready soon, or gone).
    var isStarting: Bool {
        phase.withLock { phase in
            if case .starting = phase { true } else { false }
        }
    }

    /// Runs a step in this shell, as `StepProcess.run` would in a new one.
    /// - Parameter handoff: the go byte and the step's handoff (`ShellHandoff.source`).
    /// - Returns: how the step ended; `nil` if the shell was not ready or was gone before the
    ///   step could start (nothing was recorded; run the step in a new shell).
    func run(
        _ request: StepProcessRequest,
        handoff: [UInt8],
        recordStart: @escaping @Sendable (Int32) async throws -> Void,
        output: @escaping @Sendable ([String]) async -> Void
    ) async throws -> StepProcessResult? {
        guard !Task.isCancelled else {
            dismiss()
            throw CancellationError()
        }
        let taken: StepChild? = phase.withLock { phase in
            guard case let .waiting(child) = phase else { return nil }
            phase = .taken(child)
            return child
        }
        guard let child = taken else {
            dismiss()
            return nil
        }
        defer { finished.open() }
        guard !child.hasExited else {
            Self.queue.async { [sentinel] in Self.end(child, watched: true, sentinel: sentinel) }
            return nil
        }
        // Released only once the group has had its last SIGKILL and bash is reaped.
        defer { sentinel.release(child.pid) }
        return try await StepProcess.drive(
            child, request: request, release: handoff, guarded: false, recordStart: recordStart, output: output)
    }

    /// Sends the shell away unused: it is killed, having run nothing.
    func dismiss() {
        let child: StepChild? = phase.withLock { phase in
            switch phase {
            case .starting:
                phase = .starting(dismissed: true)  // the spawn ends it, or does not start it
                return nil
            case let .waiting(child):
                phase = .over(child)
                return child
            case .taken, .over:
                return nil
            }
        }
        guard let child else { return }
        Self.queue.async { [self] in
            Self.end(child, watched: true, sentinel: sentinel)
            finished.open()
        }
    }

    /// Waits until a dismissed shell has exited and been reaped.
    func ended() async {
        await finished.wait()
    }

    /// Kills a shell that ran nothing (SIGKILL reaches a stopped one too, so the queue never
    /// waits on it), reaps it, then stops watching it.
    private static func end(_ child: StepChild, watched: Bool, sentinel: StepSentinel) {
        child.closeInput()
        ProcessGroup.send(SIGKILL, to: child.pid)
        _ = try? StepProcess.holdBack(child, guarded: false)
        if watched { sentinel.release(child.pid) }
    }
}
