#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Subprocess
import Synchronization

/// A bash started before its step is known, waiting for one.
///
/// Starting bash takes about a millisecond, more than most of what the runner does per step; a
/// shell started while the previous step runs takes that off the next step's path. It runs
/// `ShellHandoff.prologue`: nothing happens until `run` has recorded the step's start and written
/// the go byte with the step's variables and script. It has no guard of its own (one exec less per
/// step): it leads its own session and process group, the runner sees its exit status directly,
/// and the runner's `StepSentinel` kills its group if the runner dies. Everything else is as for
/// `StepProcess.run`: limits, output, teardown, exit statuses.
///
/// - Important: a shell that is never used must be dismissed (`dismiss`), or it waits as long
///   as the runner lives (the runner's death closes its input, and it exits).
final class WarmShell: Sendable {
    /// What `run` hands the waiting shell.
    private struct Assignment: Sendable {
        var request: StepProcessRequest
        var release: [UInt8]
        var cancellation: StepProcess.CancellationRequest
        var recordStart: @Sendable (Int32) async throws -> Void
        var output: @Sendable ([String]) async -> Void
    }

    /// What the task that spawns the shell tells the others: bash's pid once spawned (0
    /// before), and whether a step was handed over.
    private final class Spawned: Sendable {
        let processGroup = Atomic<Int32>(0)
        let taken = Atomic<Bool>(false)
    }

    private let assignments: AsyncStream<Assignment>.Continuation
    private let work: Task<StepProcessResult?, any Error>
    private let spawned = Spawned()

    /// Starts bash with `environment` (the runner's own), watched by `sentinel` rather than under
    /// a guard of its own; returns at once.
    init(shell: String, environment: Environment, sentinel: StepSentinel, killGrace: Duration) {
        let (stream, assignments) = AsyncStream.makeStream(of: Assignment.self, bufferingPolicy: .bufferingNewest(1))
        self.assignments = assignments
        let spawned = self.spawned
        work = Task {
            // Released only once `launch` has sent the group its last SIGKILL.
            defer {
                let group = spawned.processGroup.load(ordering: .acquiring)
                if group > 0 { sentinel.release(group) }
            }
            let result = try await StepProcess.launch(
                guardPath: nil, shell: shell, script: ShellHandoff.prologue, environment: environment, workingDirectory: nil,
                killGrace: killGrace
            ) { execution in
                let group = execution.processIdentifier.value
                spawned.processGroup.store(group, ordering: .releasing)
                var waiting = stream.makeAsyncIterator()
                // Watched before it can be released: a runner killed from here on takes it along.
                guard sentinel.watch(group), let assignment = await waiting.next() else {
                    try await StepProcess.holdBack(execution)
                    return nil
                }
                spawned.taken.store(true, ordering: .releasing)
                return try await StepProcess.drive(
                    execution, request: assignment.request, release: assignment.release,
                    cancellation: assignment.cancellation, recordStart: assignment.recordStart, output: assignment.output
                )
            }
            return spawned.taken.load(ordering: .acquiring) ? result : nil
        }
    }

    /// Bash's pid, the shell's process-group id, once it has been spawned.
    var processGroup: Int32? {
        let group = spawned.processGroup.load(ordering: .acquiring)
        return group > 0 ? group : nil
    }

    /// Whether the shell has ended before taking a step (someone killed it): a shell still being
    /// started is not gone, and `run` waits for it.
    var isGone: Bool {
        guard let group = processGroup else { return false }
        return ProcessStat.of(pid: group)?.hasExited ?? true
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
        let cancellation = StepProcess.CancellationRequest()
        assignments.yield(Assignment(
            request: request, release: handoff, cancellation: cancellation, recordStart: recordStart, output: output))
        assignments.finish()
        do {
            return try await withTaskCancellationHandler {
                try await work.value
            } onCancel: {
                cancellation.request()
            }
        } catch where !spawned.taken.load(ordering: .acquiring) {
            return nil  // the shell could not be started, or failed before it took the step
        }
    }

    /// Sends the shell away unused: it exits 125 having run nothing.
    func dismiss() {
        assignments.finish()
    }

    /// Waits until a dismissed shell has exited and been reaped.
    func ended() async {
        _ = try? await work.value
    }
}
