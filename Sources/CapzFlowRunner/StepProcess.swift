#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Runs one step attempt as `bash -euo pipefail -c script` under `capzflow-guard`, streaming
/// its output and enforcing its time limits.
///
/// The guard is spawned in a new session, so its pid is the process-group id of everything the
/// step starts; teardown always signals that whole group. The guard starts bash at once, and bash
/// starts up while `recordStart` records the step but runs the script only after it has returned
/// (`heldBack`): a step never runs without its start being durable first.
public enum StepProcess {
    /// Spawns the step, lets `recordStart` record it, releases it, and returns once it has ended.
    ///
    /// Output (stdout and stderr in one ordered stream) reaches `output` as lines in batches of
    /// up to 256 lines or about 64 KiB, at the latest about 150 ms after a line was printed, and
    /// finally at the end (a last line without a newline included). `output` is awaited before
    /// more is read, so a step that prints faster than the lines are stored is slowed down
    /// instead of growing memory. The step has ended when the guard has exited: output a
    /// background process writes after that is not read.
    ///
    /// A non-zero exit is a result, not an error. Cancelling the calling task (Ctrl-C) tears the
    /// step down and returns `.cancelled`; `recordStart` and `output` still run to completion in
    /// an uncancelled task, so the runner can finish its durable writes.
    ///
    /// - Important: after the guard has exited, whatever the outcome, the group gets SIGKILL once
    ///   more, so no background process of the step (`sleep 1000 &`) outlives it. A timeout,
    ///   idle timeout or cancellation sends SIGTERM to the group, then SIGKILL after `killGrace`.
    /// - Important: the calling process should ignore SIGPIPE: if something kills the step
    ///   before it has read its go byte, writing that byte would otherwise kill the runner.
    /// - Parameters:
    ///   - request: The script, its environment and its limits.
    ///   - guardPath: The `capzflow-guard` executable (see `CompanionProgram`).
    ///   - shell: Bash: its name, looked up on the step's `PATH`, or its path, which spares the
    ///     guard that search.
    ///   - recordStart: Durably records the start; receives the step's process-group id. The
    ///     script is released only after it returns.
    ///   - output: Receives the step's output lines, in order.
    /// - Returns: How the step ended, and its process-group id.
    /// - Throws: Whatever `recordStart` throws (the step then exits 125 and nothing of the
    ///   script ran); `CancellationError` if the task was cancelled before `recordStart` was
    ///   called; `StepChild.Failure` if the guard cannot be spawned or followed to its end.
    public static func run(
        _ request: StepProcessRequest,
        guardPath: String,
        shell: String = "bash",
        recordStart: @escaping @Sendable (Int32) async throws -> Void,
        output: @escaping @Sendable ([String]) async -> Void
    ) async throws -> StepProcessResult {
        try Task.checkCancellation()
        let environment = ProcessInfo.processInfo.environment.merging(request.environment) { _, step in step }
        // The guard takes its stdin (the runner's channel) to descriptor 3 for the prologue.
        let child = try StepChild.spawn(
            [guardPath, String(getpid()), shell, "-euo", "pipefail", "-c", heldBack(request.script), "bash"],
            environment: StepChild.environment(environment), workingDirectory: request.workingDirectory)
        return try await drive(
            child, request: request, release: [UInt8(ascii: "g")], guarded: true, recordStart: recordStart, output: output)
    }

    /// Records, releases (writes `release`, the go byte and whatever the prologue reads after
    /// it) and supervises a spawned step, from a thread of its own once released; returns how it
    /// ended. The group gets its last SIGKILL before the process is reaped.
    /// - Parameter guarded: whether `child` is the guard, which reports a step killed by signal
    ///   N as exit 128+N itself; a shell run without one is reported the same way here.
    static func drive(
        _ child: StepChild,
        request: StepProcessRequest,
        release: [UInt8],
        guarded: Bool,
        recordStart: @escaping @Sendable (Int32) async throws -> Void,
        output: @escaping @Sendable ([String]) async -> Void
    ) async throws -> StepProcessResult {
        let cancellation = CancellationRequest()
        // Not a child task, on purpose: cancellation must reach the step as our own graceful
        // teardown, and the durable writes in `recordStart` and `output` must not be cut short.
        // The task is awaited, so it never outlives this call.
        let work = Task { () async throws -> StepProcessResult in
            if cancellation.isRequested {
                _ = try await OwnThread.run { try holdBack(child, guarded: guarded) }.get()
                throw CancellationError()
            }
            do {
                try await recordStart(child.pid)
            } catch {
                _ = try await OwnThread.run { try holdBack(child, guarded: guarded) }.get()
                throw error
            }
            if cancellation.isRequested {
                _ = try await OwnThread.run { try holdBack(child, guarded: guarded) }.get()
                return StepProcessResult(termination: .aborted, processGroup: child.pid)
            }
            return try await OwnThread.run { () throws(StepChild.Failure) -> StepProcessResult in
                // A step that is already gone (bash could not be started, or something killed
                // it) has closed the channel: the write fails, and its exit status says why.
                _ = child.write(release)
                child.closeInput()
                var supervisor = Supervisor(child: child, request: request, cancellation: cancellation, deliver: output)
                let stopped = supervisor.run()
                let ended = try finish(child, guarded: guarded)
                return StepProcessResult(termination: stopped ?? ended, processGroup: child.pid)
            }.get()
        }
        return try await withTaskCancellationHandler {
            try await work.value
        } onCancel: {
            cancellation.request()
        }
    }

    /// Closes the channel without the go byte, so the step exits 125 having run nothing, and
    /// waits for that, reading away whatever it prints meanwhile (`BASH_ENV` may print); blocks
    /// the calling thread.
    static func holdBack(_ child: StepChild, guarded: Bool) throws(StepChild.Failure) -> StepTermination {
        child.closeInput()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { buffer.deallocate() }
        var outputOpen = true
        while !child.wait(outputOpen: outputOpen, timeout: -1).exited {
            if child.read(into: buffer) == 0 { outputOpen = false }
        }
        return try finish(child, guarded: guarded)
    }

    /// Sends the exited process's group its last SIGKILL, then reaps it: how it ended.
    private static func finish(_ child: StepChild, guarded: Bool) throws(StepChild.Failure) -> StepTermination {
        // The process has exited but is not reaped yet, so the group id cannot have been
        // reused: this reaches exactly the step's leftover background processes.
        ProcessGroup.send(SIGKILL, to: child.pid)
        let (code, signal) = try child.reap()
        if signal == 0 { return .exited(code) }
        return guarded ? .signalled(signal) : .exited(128 + signal)
    }

    /// The script behind a one-line prologue that waits for the go byte on descriptor 3 (where
    /// the guard puts the runner's channel) and exits 125 without running anything on EOF or
    /// any other byte. Bash starts while the runner records the step, and the script runs as
    /// `-c` runs it: same first line, same line numbers, `$0` still `bash`.
    static func heldBack(_ script: String) -> String {
        waitForGo(on: 3) + #"exec 3<&-; unset capzflow_go; "# + script
    }

    /// Bash that reads one byte from descriptor `fd` and exits 125, running nothing more, unless
    /// it is the go byte `g`: how both the guarded and the warm shells hold a step back.
    static func waitForGo(on fd: Int) -> String {
        #"IFS= read -r -n 1 -u \#(fd) capzflow_go && [ "$capzflow_go" = g ] || exit 125; "#
    }

    /// Set from the caller's cancellation handler; read by the uncancelled task that runs the step.
    final class CancellationRequest: Sendable {
        private let requested = Atomic<Bool>(false)

        func request() {
            requested.store(true, ordering: .relaxed)
        }

        var isRequested: Bool {
            requested.load(ordering: .relaxed)
        }
    }
}
