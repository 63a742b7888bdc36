#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Subprocess
import Synchronization
import SystemPackage

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
    /// instead of growing memory.
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
    ///   called; a `SubprocessError` if the guard cannot be spawned or its output cannot be read.
    public static func run(
        _ request: StepProcessRequest,
        guardPath: String,
        shell: String = "bash",
        recordStart: @escaping @Sendable (Int32) async throws -> Void,
        output: @escaping @Sendable ([String]) async -> Void
    ) async throws -> StepProcessResult {
        try Task.checkCancellation()
        let cancellation = CancellationRequest()
        // Not a child task, on purpose: cancellation must reach the step as our own graceful
        // teardown rather than as a cancelled read, and the durable writes in `recordStart` and
        // `output` must not be cut short. The task is awaited, so it never outlives this call.
        let work = Task {
            try await spawn(
                request, guardPath: guardPath, shell: shell, cancellation: cancellation,
                recordStart: recordStart, output: output
            )
        }
        return try await withTaskCancellationHandler {
            try await work.value
        } onCancel: {
            cancellation.request()
        }
    }

    private static func spawn(
        _ request: StepProcessRequest,
        guardPath: String,
        shell: String,
        cancellation: CancellationRequest,
        recordStart: @Sendable (Int32) async throws -> Void,
        output: @escaping @Sendable ([String]) async -> Void
    ) async throws -> StepProcessResult {
        let variables = Dictionary(uniqueKeysWithValues: request.environment.map { name, value in
            (Environment.Key(stringLiteral: name), Optional(value))
        })
        return try await launch(
            guardPath: guardPath, shell: shell, script: heldBack(request.script), environment: .inherit.updating(variables),
            workingDirectory: request.workingDirectory, killGrace: request.killGrace
        ) { execution in
            try await drive(
                execution, request: request, release: [UInt8(ascii: "g")], cancellation: cancellation,
                recordStart: recordStart, output: output
            )
        }
    }

    /// Spawns `shell -euo pipefail -c script` in a new session, under the guard at `guardPath`
    /// or, without one, directly, and runs `body` with it; whatever `body` returns or throws, the
    /// group gets SIGKILL once the spawned process has exited, before it is reaped.
    /// - Returns: how the step ended: `body`'s answer, else the exit status; a shell run without
    ///   the guard and killed by signal N is reported as the guard reports it, exit 128+N.
    static func launch(
        guardPath: String?,
        shell: String,
        script: String,
        environment: Environment,
        workingDirectory: String?,
        killGrace: Duration,
        body: (Execution<CustomWriteInput, SequenceOutput, CombinedErrorOutput>) async throws -> StepTermination?
    ) async throws -> StepProcessResult {
        var options = PlatformOptions()
        options.createSession = true
        // Used by swift-subprocess only if the body throws: the same teardown as a timeout.
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: killGrace)
        ]
        // `$0` is `bash` however bash was found, as in `bash -c`.
        let command = [shell, "-euo", "pipefail", "-c", script, "bash"]
        let result = try await Subprocess.run(
            .path(FilePath(guardPath ?? shell)),
            arguments: Arguments(guardPath == nil ? Array(command.dropFirst()) : [String(getpid())] + command),
            environment: environment,
            workingDirectory: workingDirectory.map { FilePath($0) },
            platformOptions: options,
            input: .inputWriter,
            output: .sequence,
            error: .combinedWithOutput
        ) { execution in
            let processGroup = execution.processIdentifier.value
            do {
                let ending = try await body(execution)
                // The guard has exited but is not reaped yet, so the group id cannot have been
                // reused: this reaches exactly the step's leftover background processes.
                ProcessGroup.send(SIGKILL, to: processGroup)
                return ending
            } catch {
                ProcessGroup.send(SIGKILL, to: processGroup)
                throw error
            }
        }
        let termination: StepTermination
        switch (result.closureResult, result.terminationStatus) {
        case (let ending?, _):
            termination = ending
        case (nil, .exited(let code)):
            termination = .exited(code)
        case (nil, .signaled(let signal)) where guardPath == nil:
            termination = .exited(128 + signal)
        case (nil, .signaled(let signal)):
            termination = .signalled(signal)
        }
        return StepProcessResult(termination: termination, processGroup: result.processIdentifier.value)
    }

    /// Records, releases (writes `release`, the go byte and whatever the prologue reads after
    /// it) and supervises the spawned guard; returns why the step was stopped, or `nil` if it
    /// ended by itself.
    static func drive(
        _ execution: Execution<CustomWriteInput, SequenceOutput, CombinedErrorOutput>,
        request: StepProcessRequest,
        release: [UInt8],
        cancellation: CancellationRequest,
        recordStart: @Sendable (Int32) async throws -> Void,
        output: @escaping @Sendable ([String]) async -> Void
    ) async throws -> StepTermination? {
        let processGroup = execution.processIdentifier.value
        let input = execution.standardInputWriter
        if cancellation.isRequested {
            try await holdBack(execution)
            throw CancellationError()
        }
        do {
            try await recordStart(processGroup)
        } catch {
            try await holdBack(execution)
            throw error
        }
        if cancellation.isRequested {
            try await holdBack(execution)
            return .aborted
        }
        // A step that is already gone (bash could not be started, or something killed it) has
        // closed the channel: the write fails, and its exit status below says what happened.
        _ = try? await input.write(release)
        try? await input.finish()
        var supervisor = Supervisor(
            processGroup: processGroup, request: request, cancellation: cancellation, deliver: output
        )
        return try await supervisor.run(execution.standardOutput)
    }

    /// Closes the channel without the go byte, so the step exits 125 having run nothing, and
    /// reads its output to the end, which waits for that.
    static func holdBack(_ execution: Execution<CustomWriteInput, SequenceOutput, CombinedErrorOutput>) async throws {
        try await execution.standardInputWriter.finish()
        for try await _ in execution.standardOutput {}
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
