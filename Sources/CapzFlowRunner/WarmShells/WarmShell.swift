import Dispatch
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
        /// Being spawned; the step that took it already, if any, waits here.
        case starting(taker: CheckedContinuation<StepChild?, Never>?, dismissed: Bool)
        /// Spawned and watched by the sentinel, waiting for a step.
        case waiting(StepChild)
        /// A step took it.
        case taken(StepChild)
        /// Sent away, or never started: no step will run in it.
        case over(StepChild?)
    }

    /// Spawns the shells and ends the dismissed ones, off the runner's path: a spawn waits until
    /// bash has been executed.
    private static let queue = DispatchQueue(label: "capzflow.warm-shells")

    private let phase = Mutex<Phase>(.starting(taker: nil, dismissed: false))
    private let sentinel: StepSentinel
    private let finished = Latch()

    /// Starts bash with `environment` (the runner's own, as `NAME=value`), watched by `sentinel`
    /// rather than under a guard of its own; returns at once.
    init(shell: String, environment: [String], sentinel: StepSentinel) {
        self.sentinel = sentinel
        Self.queue.async { [self] in
            let child = try? StepChild.spawn([shell, "-euo", "pipefail", "-c", ShellHandoff.prologue, "bash"], environment: environment)
            // Watched before it can be released: a runner killed from here on takes it along.
            let watched = child.map { sentinel.watch($0.pid) } ?? false
            let (taker, usable) = phase.withLock { phase -> (CheckedContinuation<StepChild?, Never>?, Bool) in
                guard case let .starting(taker, dismissed) = phase else { return (nil, false) }
                guard let child, watched, !dismissed else {
                    phase = .over(child)
                    return (taker, false)
                }
                phase = taker == nil ? .waiting(child) : .taken(child)
                return (taker, true)
            }
            taker?.resume(returning: usable ? child : nil)
            if !usable {
                if let child { end(child, watched: watched) }
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

    /// Whether the shell has ended before taking a step (someone killed it, or it could not be
    /// started): a shell still being started is not gone, and `run` waits for it.
    var isGone: Bool {
        phase.withLock { phase in
            switch phase {
            case .starting, .taken: false
            case let .waiting(child): child.hasExited
            case .over: true
            }
        }
    }

    /// Runs a step in this shell, as `StepProcess.run` would in a new one.
    /// - Parameter handoff: the go byte and the step's handoff (`ShellHandoff.source`).
    /// - Returns: how the step ended; `nil` if the shell was gone before the step could start
    ///   (nothing was recorded; run the step in a new shell).
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
        let taken: StepChild? = await withCheckedContinuation { continuation in
            let now: StepChild?? = phase.withLock { phase in
                switch phase {
                case .starting(nil, false):
                    phase = .starting(taker: continuation, dismissed: false)
                    return nil  // the spawn answers
                case let .waiting(child):
                    phase = .taken(child)
                    return .some(child)
                default:
                    return .some(nil)
                }
            }
            if let now { continuation.resume(returning: now) }
        }
        guard let child = taken else { return nil }
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

    /// Sends the shell away unused: it exits 125 having run nothing.
    func dismiss() {
        let child: StepChild? = phase.withLock { phase in
            switch phase {
            case let .starting(taker, _):
                phase = .starting(taker: taker, dismissed: true)  // the spawn ends it
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
            end(child, watched: true)
            finished.open()
        }
    }

    /// Waits until a dismissed shell has exited and been reaped.
    func ended() async {
        await finished.wait()
    }

    private func end(_ child: StepChild, watched: Bool) {
        Self.end(child, watched: watched, sentinel: sentinel)
    }

    /// Closes the shell's input, waits until it has exited (125, having run nothing), kills its
    /// group and reaps it, then stops watching it.
    private static func end(_ child: StepChild, watched: Bool, sentinel: StepSentinel) {
        _ = StepProcess.holdBack(child, guarded: false)
        if watched { sentinel.release(child.pid) }
    }
}
