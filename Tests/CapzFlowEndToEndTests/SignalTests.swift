#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Signals to the runner (SIGINT, SIGTERM), `capzflow signal` for `await` steps, and `cancel`.
@Suite("signals, await and cancel")
struct SignalTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// A first step, then one that on its first attempt records its pids, announces itself with
    /// `$WORK/marker` and waits forever; once the marker exists it succeeds at once.
    static let interruptible = """
        version: 1
        name: interruptible
        steps:
          - id: first
            run: echo ran >> "$WORK/first.count"
          - id: long
            run: |
              if [ ! -e "$WORK/marker" ]; then
                echo $$ > "$WORK/long.pid"
                sleep 1000 & echo $! > "$WORK/long-child.pid"
                touch "$WORK/marker"
                wait
              fi
              echo "long finished"
        """

    /// A signal sent to the runner, by its name for the test's title.
    struct StopSignal: Sendable, CustomTestStringConvertible {
        let number: Int32
        let name: String
        var testDescription: String { name }
    }

    @Test("a signal to the runner stops the step, records the run interrupted, exits 130, and resume completes it",
          arguments: [StopSignal(number: SIGINT, name: "SIGINT"), StopSignal(number: SIGTERM, name: "SIGTERM")])
    func stopSignalInterrupts(_ signal: StopSignal) async throws {
        let file = try workspace.write("interruptible.yaml", Self.interruptible)
        let runner = try workspace.start(["run", file, "--run-id", "stop-1"])
        try await workspace.waitForFile("marker", from: runner)

        runner.send(signal.number)
        let stopped = try await runner.finish()

        expectExit(130, stopped)
        #expect(stopped.stdout.contains("capzflow resume stop-1"), "\(stopped)")
        let pids = try [workspace.pid(in: "long.pid"), workspace.pid(in: "long-child.pid")]
        try await ProcessProbe.waitUntilGone(pids, "the interrupted step's processes")
        let group = try #require(try await workspace.events("stop-1").of("step.started", step: "long").first?.processGroup)
        try await ProcessProbe.waitUntilGroupGone(group, "the interrupted step")
        let report = try await workspace.status("stop-1")
        #expect(report.status == "interrupted")
        #expect(report.step("long")?.status == "interrupted")
        #expect(try await workspace.history().first?.status == "interrupted")
        let events = try await workspace.events("stop-1")
        #expect(events.of("step.interrupted", step: "long").count == 1, "\(events.types)")
        #expect(events.last?.type == "run.interrupted")

        let resume = try await workspace.capzflow("resume", "stop-1")

        expectExit(0, resume)
        let after = try await workspace.events("stop-1")
        #expect(after.of("step.started", step: "long").compactMap(\.attempt) == [1, 2])
        #expect(after.of("lease.taken_over").isEmpty, "the interrupted runner released its lease")
        #expect(try workspace.read("first.count") == "ran\n")
        #expect(try await workspace.status("stop-1").status == "succeeded")
    }

    @Test("Ctrl-C while a step's check runs interrupts the run (exit 130), and resume completes it")
    func interruptDuringCheck() async throws {
        let file = try workspace.write("checked.yaml", """
            version: 1
            name: checked
            steps:
              - id: probed
                check: |
                  if [ ! -e "$WORK/marker" ]; then touch "$WORK/marker"; sleep 1000; fi
                  exit 1
                run: echo ran >> "$WORK/probed.count"
            """)
        let runner = try workspace.start(["run", file, "--run-id", "check-1"])
        try await workspace.waitForFile("marker", from: runner)

        runner.send(SIGINT)
        let stopped = try await runner.finish()

        expectExit(130, stopped)
        #expect(!stopped.stderr.contains("could not run step"), "\(stopped)")
        #expect(try await workspace.status("check-1").status == "interrupted")
        let resume = try await workspace.capzflow("resume", "check-1")
        expectExit(0, resume)
        #expect(try workspace.read("probed.count") == "ran\n")
    }

    @Test("a runner started with SIGCHLD ignored still learns how each step ended")
    func ignoredChildSignal() async throws {
        let file = try workspace.write("codes.yaml", """
            version: 1
            name: codes
            steps:
              - id: ok
                run: "true"
              - id: fails
                run: exit 3
            """)
        // An ignored signal stays ignored across exec: the runner starts as a parent that ignores
        // SIGCHLD would start it, and the kernel would reap its children for it.
        let command = try RunningCommand(
            executable: "/bin/bash",
            arguments: ["-c", #"trap '' CHLD; exec "$0" "$@""#, try CapzflowBinary.path(), "run", file, "--run-id", "chld-1",
                        "--state", workspace.statePath],
            environment: workspace.environment(), workingDirectory: workspace.folder,
            stdoutPath: workspace.path(".chld.stdout"), stderrPath: workspace.path(".chld.stderr"))
        let result = try await command.finish()

        expectExit(1, result)
        let events = try await workspace.events("chld-1")
        #expect(events.of("step.succeeded", step: "ok").count == 1, "\(events.types)")
        #expect(events.of("step.failed", step: "fails").first?.exitCode == 3, "\(events.types)")
    }

    @Test("an await step shows as waiting until `capzflow signal` from another process lets the run finish")
    func signalCompletesAwait() async throws {
        let file = try workspace.write("approve.yaml", """
            version: 1
            name: approve
            steps:
              - id: approve
                await: approve
                timeout: 10m
              - id: after
                run: echo approved > "$WORK/after"
            """)
        let runner = try workspace.start(["run", file, "--run-id", "await-1"])
        try await workspace.waitForEvent("await-1", "the await step's start", from: runner) { $0.type == "step.started" && $0.step == "approve" }
        #expect(try await workspace.status("await-1").step("approve")?.status == "waiting")

        let signal = try await workspace.capzflow("signal", "await-1", "approve")

        expectExit(0, signal)
        expectExit(0, try await runner.finish())
        let events = try await workspace.events("await-1")
        let received = try #require(events.of("signal.received").first, "\(events.types)")
        #expect(received.name == "approve")
        let succeeded = try #require(events.of("step.succeeded", step: "approve").first)
        #expect(received.seq < succeeded.seq)
        #expect(try workspace.read("after") == "approved\n")
    }

    @Test("a signal delivered before its await step starts is not lost")
    func earlySignalIsKept() async throws {
        let file = try workspace.write("early.yaml", """
            version: 1
            name: early
            steps:
              - id: gate
                run: |
                  touch "$WORK/marker"
                  while [ ! -e "$WORK/release" ]; do sleep 0.05; done
              - id: approve
                await: approve
                timeout: 10m
            """)
        let runner = try workspace.start(["run", file, "--run-id", "early-1"])
        try await workspace.waitForFile("marker", from: runner)

        expectExit(0, try await workspace.capzflow("signal", "early-1", "approve"))
        try workspace.write("release", "")

        expectExit(0, try await runner.finish())
        #expect(try await workspace.status("early-1").step("approve")?.status == "succeeded")
    }

    @Test("an await step whose timeout passes without its signal fails the run with exit 1")
    func awaitTimesOut() async throws {
        let file = try workspace.write("unanswered.yaml", """
            version: 1
            name: unanswered
            steps:
              - id: approve
                await: approve
                timeout: 1s
              - id: after
                run: echo after > "$WORK/after"
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "await-2")

        expectExit(1, run)
        let report = try await workspace.status("await-2")
        #expect(report.status == "failed")
        #expect(report.step("approve")?.status == "failed")
        #expect(!(try await workspace.events("await-2").of("step.timed_out", step: "approve").isEmpty))
        #expect(!workspace.exists("after"))
    }

    @Test("cancel of a live run exits 0; its runner stops the step and exits 1 with the run cancelled")
    func cancelStopsLiveRun() async throws {
        let file = try workspace.write("interruptible.yaml", Self.interruptible)
        let runner = try workspace.start(["run", file, "--run-id", "cancel-1"])
        try await workspace.waitForFile("marker", from: runner)

        let cancel = try await workspace.capzflow("cancel", "cancel-1")

        expectExit(0, cancel)
        let stopped = try await runner.finish()
        expectExit(1, stopped)
        let pids = try [workspace.pid(in: "long.pid"), workspace.pid(in: "long-child.pid")]
        try await ProcessProbe.waitUntilGone(pids, "the cancelled step's processes")
        let report = try await workspace.status("cancel-1")
        #expect(report.status == "cancelled")
        #expect(report.step("long")?.status != "running" && report.step("long")?.status != "succeeded",
                "step long is \(report.step("long")?.status ?? "?")")
        #expect(try await workspace.history().first?.status == "cancelled")
        let events = try await workspace.events("cancel-1")
        #expect(events.of("run.cancelled").count == 1)
        #expect(events.of("step.succeeded", step: "long").isEmpty)

        let resume = try await workspace.capzflow("resume", "cancel-1")

        expectExit(0, resume, "a cancelled run can be resumed")
        #expect(try await workspace.status("cancel-1").status == "succeeded")
    }
}
