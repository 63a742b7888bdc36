import Foundation
import Synchronization
import Testing

@testable import CapzFlowRunner

@Suite("Step processes", .timeLimit(.minutes(1)))
struct StepProcessTests {
    let guardPath: String

    init() throws {
        guardPath = try ProcessFixture.guardPath()
    }

    private func run(
        _ request: StepProcessRequest,
        recordStart: @escaping @Sendable (Int32) async throws -> Void = { _ in },
        into recorder: ProcessFixture.OutputRecorder
    ) async throws -> StepProcessResult {
        try await ProcessFixture.run(request, guardPath: guardPath, recordStart: recordStart, into: recorder)
    }

    // MARK: Output

    @Test("output arrives in order across stdout and stderr")
    func outputIsOrdered() async throws {
        let recorder = ProcessFixture.OutputRecorder()
        let script = #"for i in $(seq 1 300); do echo "out $i"; echo "err $i" >&2; done"#
        let result = try await run(StepProcessRequest(script: script, timeout: .seconds(30)), into: recorder)
        #expect(result.termination == .exited(0))
        let expected = (1...300).flatMap { ["out \($0)", "err \($0)"] }
        #expect(await recorder.lines == expected)
    }

    @Test("a last line without a newline arrives, carriage returns are kept and invalid UTF-8 is replaced")
    func lineSplitting() async throws {
        let recorder = ProcessFixture.OutputRecorder()
        let script = #"printf 'progress 10%%\rprogress 50%%\n'; printf '\xff\xfeok\n'; printf 'no newline'"#
        _ = try await run(StepProcessRequest(script: script, timeout: .seconds(30)), into: recorder)
        #expect(await recorder.lines == ["progress 10%\rprogress 50%", "\u{FFFD}\u{FFFD}ok", "no newline"])
    }

    @Test("a very long line is cut with a marker instead of failing the step")
    func longLineIsCut() async throws {
        let recorder = ProcessFixture.OutputRecorder()
        let script = #"head -c 200000 /dev/zero | tr '\0' x; echo; echo after"#
        let request = StepProcessRequest(script: script, timeout: .seconds(30), maxLineBytes: 1000)
        let result = try await run(request, into: recorder)
        #expect(result.termination == .exited(0))
        #expect(await recorder.lines == [String(repeating: "x", count: 1000) + " …[cut: 199000 bytes]", "after"])
    }

    @Test("a cut line keeps whole characters only")
    func cutOnCharacterBoundary() {
        var buffer = OutputLineBuffer(maxLineBytes: 5)
        let lines = Array("ééé\nok\n".utf8).withUnsafeBytes { buffer.append($0) }
        #expect(lines == ["éé" + OutputLineBuffer.cutMarker(droppedBytes: 2), "ok"])
        #expect(buffer.finish() == nil)
    }

    @Test("fifty megabytes of output arrive completely, in bounded batches")
    func lotsOfOutput() async throws {
        let line = "capzflow line"
        let lineCount = 3_571_786
        let totalBytes = lineCount * (line.utf8.count + 1)
        let tally = ProcessFixture.Locked((lines: 0, bytes: 0, unexpected: 0, largestBatch: 0, largestBatchBytes: 0))
        let result = try await StepProcess.run(
            // Not `yes | head`: under pipefail the SIGPIPE that ends `yes` would fail the step.
            StepProcessRequest(script: "head -c \(totalBytes) < <(yes '\(line)')", timeout: .seconds(50)),
            guardPath: guardPath, recordStart: { _ in },
            output: { batch in
                let bytes = batch.reduce(0) { $0 + $1.utf8.count + 1 }
                tally.withLock { tally in
                    tally.lines += batch.count
                    tally.bytes += bytes
                    tally.unexpected += batch.count { $0 != line }
                    tally.largestBatch = max(tally.largestBatch, batch.count)
                    tally.largestBatchBytes = max(tally.largestBatchBytes, bytes)
                }
            }
        )
        #expect(result.termination == .exited(0))
        let counted = tally.value
        #expect(counted.lines == lineCount)
        #expect(counted.bytes == totalBytes)
        #expect(counted.unexpected == 0)
        #expect(counted.largestBatch <= 256)
        #expect(counted.largestBatchBytes <= 64 * 1024 + 256)
    }

    // MARK: The script and its environment

    @Test("the script sees values from the environment and never executes them")
    func environmentIsNotExecuted() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let marker = folder + "/injected"
            let tricky = "$(touch \(marker)); `touch \(marker)`; echo \"quoted\" 'single' && touch \(marker)"
            let recorder = ProcessFixture.OutputRecorder()
            let request = StepProcessRequest(
                script: #"printf '%s\n' "$GREETING" "$TRICKY""#,
                environment: ["GREETING": "hello world", "TRICKY": tricky],
                timeout: .seconds(30)
            )
            let result = try await run(request, into: recorder)
            #expect(result.termination == .exited(0))
            #expect(await recorder.lines == ["hello world", tricky])
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test("the script starts in the working directory it was given")
    func workingDirectory() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let recorder = ProcessFixture.OutputRecorder()
            let request = StepProcessRequest(script: "pwd -P", workingDirectory: folder, timeout: .seconds(30))
            _ = try await run(request, into: recorder)
            let resolved = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            #expect(await recorder.lines == [resolved])
        }
    }

    @Test("a non-zero exit code is reported, not thrown")
    func nonZeroExit() async throws {
        let result = try await run(
            StepProcessRequest(script: "echo failing; exit 7", timeout: .seconds(30)),
            into: ProcessFixture.OutputRecorder()
        )
        #expect(result.termination == .exited(7))
    }

    @Test("bash runs with errexit, nounset and pipefail", arguments: [
        "false | true; echo unreachable",
        "echo \"$CAPZFLOW_SURELY_UNSET_VARIABLE\"; echo unreachable",
        "false; echo unreachable",
    ])
    func strictBash(script: String) async throws {
        let recorder = ProcessFixture.OutputRecorder()
        let result = try await run(StepProcessRequest(script: script, timeout: .seconds(30)), into: recorder)
        #expect(result.termination != .exited(0))
        #expect(await !recorder.lines.contains("unreachable"))
    }

    @Test("the step never reads the runner's standard input")
    func noStandardInput() async throws {
        let recorder = ProcessFixture.OutputRecorder()
        let script = #"if read -r line; then echo "read: $line"; else echo "end of input"; fi"#
        _ = try await run(StepProcessRequest(script: script, timeout: .seconds(30)), into: recorder)
        #expect(await recorder.lines == ["end of input"])
    }

    // MARK: Record, then act

    @Test("recordStart is called with the process group before the script runs")
    func recordStartComesFirst() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let marker = folder + "/ran"
            let seen = ProcessFixture.Locked<(group: Int32, markerExisted: Bool)?>(nil)
            let result = try await run(
                StepProcessRequest(script: #"touch "$MARKER""#, environment: ["MARKER": marker], timeout: .seconds(30)),
                recordStart: { group in
                    let existed = FileManager.default.fileExists(atPath: marker)
                    seen.withLock { $0 = (group, existed) }
                },
                into: ProcessFixture.OutputRecorder()
            )
            #expect(result.termination == .exited(0))
            let recorded = try #require(seen.value)
            #expect(recorded.markerExisted == false)
            #expect(recorded.group == result.processGroup)
            #expect(FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test("a throwing recordStart is rethrown and the script never runs")
    func refusedStart() async throws {
        struct Refused: Error {}
        try await ProcessFixture.withTemporaryFolder { folder in
            let marker = folder + "/ran"
            let group = ProcessFixture.Locked<Int32>(0)
            await #expect(throws: Refused.self) {
                _ = try await run(
                    StepProcessRequest(script: #"touch "$MARKER""#, environment: ["MARKER": marker], timeout: .seconds(30)),
                    recordStart: { pgid in
                        group.withLock { $0 = pgid }
                        throw Refused()
                    },
                    into: ProcessFixture.OutputRecorder()
                )
            }
            #expect(!FileManager.default.fileExists(atPath: marker))
            let pgid = group.value
            try await ProcessFixture.expectEventually { !ProcessGroup.isAlive(pgid) }
        }
    }

    @Test("a step held back while bash prints at start-up (BASH_ENV) still ends: what it prints is read away", .timeLimit(.minutes(1)))
    func heldBackWhilePrinting() async throws {
        struct Refused: Error {}
        try await ProcessFixture.withTemporaryFolder { folder in
            let startup = folder + "/startup.sh"
            // Far more than a pipe holds: unread, bash would block before ever reading its go byte.
            try "head -c 1000000 /dev/zero | tr '\\0' x\n".write(toFile: startup, atomically: true, encoding: .utf8)
            let marker = folder + "/ran"
            await #expect(throws: Refused.self) {
                _ = try await run(
                    StepProcessRequest(
                        script: #"touch "$MARKER""#, environment: ["MARKER": marker, "BASH_ENV": startup], timeout: .seconds(30)),
                    recordStart: { _ in throw Refused() },
                    into: ProcessFixture.OutputRecorder()
                )
            }
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }

    // MARK: Teardown

    @Test("a timeout tears down the whole group, even processes that ignore SIGTERM")
    func timeoutKillsGroup() async throws {
        let recorder = ProcessFixture.OutputRecorder()
        let script = """
            trap '' TERM
            ( exec sleep 1000 ) &
            echo "background $! $(cut -d' ' -f22 /proc/$!/stat)"
            sleep 1000
            """
        let request = StepProcessRequest(script: script, timeout: .seconds(2), killGrace: .milliseconds(300))
        let result = try await run(request, into: recorder)
        #expect(result.termination == .timedOut)
        let background = try #require(await recorder.identity(after: "background "))
        try await ProcessFixture.expectEventually { !background.isAlive }
        try await ProcessFixture.expectEventually { !ProcessGroup.isAlive(result.processGroup) }
    }

    @Test("an idle timeout stops a step that prints nothing")
    func idleTimeout() async throws {
        let request = StepProcessRequest(
            script: "echo started; sleep 1000", timeout: .seconds(50), idleTimeout: .milliseconds(500)
        )
        let result = try await run(request, into: ProcessFixture.OutputRecorder())
        #expect(result.termination == .idleTimedOut)
        try await ProcessFixture.expectEventually { !ProcessGroup.isAlive(result.processGroup) }
    }

    @Test("cancelling the task stops the step gracefully, kills its group and returns cancelled")
    func cancellation() async throws {
        let recorder = ProcessFixture.OutputRecorder()
        let script = """
            trap 'echo "got TERM"; exit 143' TERM
            ( trap '' TERM; exec sleep 1000 ) &
            echo "background $!"
            wait
            """
        let guardPath = guardPath
        let step = Task {
            try await ProcessFixture.run(
                StepProcessRequest(script: script, timeout: .seconds(50), killGrace: .seconds(50)),
                guardPath: guardPath, into: recorder
            )
        }
        let background = try #require(await recorder.identity(after: "background "))
        step.cancel()
        let result = try await step.value
        #expect(result.termination == .cancelled)
        #expect(await recorder.lines.contains("got TERM"))
        try await ProcessFixture.expectEventually { !background.isAlive }
    }

    @Test("a task cancelled before the start throws and never asks to record")
    func cancelledBeforeStart() async throws {
        let asked = ProcessFixture.Locked(false)
        let guardPath = guardPath
        let step = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await StepProcess.run(
                StepProcessRequest(script: "true", timeout: .seconds(30)), guardPath: guardPath,
                recordStart: { _ in asked.withLock { $0 = true } }, output: { _ in }
            )
        }
        await #expect(throws: CancellationError.self) { try await step.value }
        #expect(asked.value == false)
    }

    @Test("background processes of a finished step do not outlive it")
    func backgroundProcessesDie() async throws {
        let recorder = ProcessFixture.OutputRecorder()
        let result = try await run(
            StepProcessRequest(
                script: #"sleep 1000 & echo "background $! $(cut -d' ' -f22 /proc/$!/stat)""#, timeout: .seconds(30)
            ),
            into: recorder
        )
        #expect(result.termination == .exited(0))
        let background = try #require(await recorder.identity(after: "background "))
        try await ProcessFixture.expectEventually { !background.isAlive }
    }
}

// MARK: - Support shared by the process tests

/// Helpers for tests that run real processes.
enum ProcessFixture {
    /// The guard, for a test process that now ignores SIGPIPE as the runner does: a step that
    /// ends before it reads its go byte closes the channel the go byte is written to.
    static func guardPath() throws -> String {
        signal(SIGPIPE, SIG_IGN)
        return try CompanionProgram.guardPath()
    }

    /// Collects a step's output and lets a test wait for a line.
    actor OutputRecorder {
        private(set) var lines: [String] = []
        private var finished = false
        private var waiters: [(prefix: String, continuation: CheckedContinuation<String?, Never>)] = []

        func record(_ batch: [String]) {
            lines += batch
            waiters.removeAll { waiter in
                guard let line = batch.first(where: { $0.hasPrefix(waiter.prefix) }) else { return false }
                waiter.continuation.resume(returning: line)
                return true
            }
        }

        /// Marks the output complete, so waiting for a line that never came returns `nil`.
        func finish() {
            finished = true
            waiters.forEach { $0.continuation.resume(returning: nil) }
            waiters.removeAll()
        }

        /// The first line starting with `prefix`, waiting for it if needed.
        func line(startingWith prefix: String) async -> String? {
            if let line = lines.first(where: { $0.hasPrefix(prefix) }) {
                return line
            }
            if finished {
                return nil
            }
            return await withCheckedContinuation { waiters.append((prefix, $0)) }
        }

        /// The identity of the process whose pid follows `prefix` on a line. A line may carry the
        /// start time after the pid (field 22 of its stat, read by the script while the process
        /// surely lives); without it the identity is read now, so only while the step still runs.
        func identity(after prefix: String) async -> ProcessIdentity? {
            guard let line = await line(startingWith: prefix) else { return nil }
            let fields = line.dropFirst(prefix.count).split(separator: " ")
            guard let pid = fields.first.flatMap({ Int32($0) }) else { return nil }
            if fields.count == 2, let startTime = UInt64(fields[1]) {
                return ProcessIdentity(pid: pid, startTime: startTime)
            }
            return ProcessIdentity.of(pid: pid)
        }
    }

    /// Runs a step, recording its output, and marks the output complete however the run ends.
    static func run(
        _ request: StepProcessRequest,
        guardPath: String,
        recordStart: @escaping @Sendable (Int32) async throws -> Void = { _ in },
        into recorder: OutputRecorder
    ) async throws -> StepProcessResult {
        do {
            let result = try await StepProcess.run(
                request, guardPath: guardPath, recordStart: recordStart, output: { await recorder.record($0) }
            )
            await recorder.finish()
            return result
        } catch {
            await recorder.finish()
            throw error
        }
    }

    /// Polls `condition` until it holds and records an issue at the caller if it still does not
    /// after `limit`; a hang guard for facts that settle asynchronously (a killed process
    /// disappears a moment after the signal), not a measurement.
    static func expectEventually(
        within limit: Duration = .seconds(20),
        sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: () -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while !condition() {
            guard clock.now < deadline else {
                Issue.record("the condition still did not hold after \(limit)", sourceLocation: sourceLocation)
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// A value shared with `@Sendable` callbacks.
    final class Locked<Value: Sendable>: Sendable {
        private let mutex: Mutex<Value>

        init(_ value: Value) {
            mutex = Mutex(value)
        }

        func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
            mutex.withLock { body(&$0) }
        }

        var value: Value {
            withLock { $0 }
        }
    }

    /// Runs `body` with a fresh folder, removed afterwards.
    static func withTemporaryFolder<T>(_ body: (String) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("capzflow-process-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await body(folder)
    }
}
