import Foundation
import Testing

/// Timeouts: a timed-out step fails the run and leaves no process behind, however stubborn.
@Suite("timeouts")
struct TimeoutTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    @Test("a step past its timeout is recorded timed out, fails the run, and none of its processes survive")
    func timeoutLeavesNoProcessBehind() async throws {
        // `plain` gets SIGTERM like the rest of the group; `stubborn` and the shell itself ignore
        // it, so only the SIGKILL after the grace period can end them.
        let file = try workspace.write("stubborn.yaml", """
            version: 1
            name: stubborn
            steps:
              - id: hang
                timeout: 1s
                run: |
                  sleep 1000 & echo $! > "$WORK/plain.pid"
                  trap '' TERM
                  sleep 1000 & echo $! > "$WORK/stubborn.pid"
                  echo $$ > "$WORK/shell.pid"
                  sleep 1000
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "timeout-1")

        expectExit(1, run)
        let events = try await workspace.events("timeout-1")
        let timedOut = try #require(events.of("step.timed_out", step: "hang").first, "\(events)")
        #expect(timedOut.idle != true)
        #expect(events.last?.type == "run.failed")
        let report = try await workspace.status("timeout-1")
        #expect(report.status == "failed")
        #expect(report.step("hang")?.status == "failed")
        let pids = try ["plain.pid", "stubborn.pid", "shell.pid"].map { try workspace.pid(in: $0) }
        try await ProcessProbe.waitUntilGone(pids, "the timed-out step's processes")
        let group = try #require(events.of("step.started", step: "hang").first?.processGroup)
        try await ProcessProbe.waitUntilGroupGone(group, "the timed-out step")
    }

    @Test("a step silent for longer than its idle_timeout is recorded as an idle timeout and stopped")
    func idleTimeoutStopsASilentStep() async throws {
        let file = try workspace.write("silent.yaml", """
            version: 1
            name: silent
            steps:
              - id: silent
                timeout: 10m
                idle_timeout: 1s
                run: |
                  echo "one line, then silence"
                  sleep 1000 & echo $! > "$WORK/silent.pid"
                  wait
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "idle-1")

        expectExit(1, run)
        let events = try await workspace.events("idle-1")
        let timedOut = try #require(events.of("step.timed_out", step: "silent").first, "\(events)")
        #expect(timedOut.idle == true, "\(timedOut)")
        #expect(try await workspace.status("idle-1").status == "failed")
        try await ProcessProbe.waitUntilGone([try workspace.pid(in: "silent.pid")], "the idle step's sleep")
    }

    @Test("a step that keeps printing is not stopped by its idle_timeout")
    func outputKeepsIdleTimeoutAway() async throws {
        // The step runs well past its idle_timeout in total, but never falls silent for long.
        let file = try workspace.write("chatty.yaml", """
            version: 1
            name: chatty
            steps:
              - id: chatty
                idle_timeout: 3s
                run: |
                  for i in $(seq 1 25); do echo "tick $i"; sleep 0.2; done
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "chatty-1")

        expectExit(0, run)
        #expect(try await workspace.events("chatty-1").of("step.timed_out").isEmpty)
    }
}
