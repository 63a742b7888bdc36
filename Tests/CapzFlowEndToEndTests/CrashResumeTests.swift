#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// A runner killed by SIGKILL at different points, then resumed: nothing of the dead runner's
/// step survives, finished steps never run again, and recorded times are honoured.
@Suite("kill -9 and resume")
struct CrashResumeTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// Kills `runner` with SIGKILL and waits until it is reaped, so its lease holder is dead.
    private func killHard(_ runner: RunningCommand) async throws {
        runner.send(SIGKILL)
        let ended = try await runner.finish()
        #expect(ended.signal == SIGKILL, "\(ended)")
    }

    @Test("a runner killed during step 2 leaves no step process; resume re-runs only that step, as attempt 2")
    func killDuringStep() async throws {
        let file = try workspace.write("crash.yaml", """
            version: 1
            name: crash
            steps:
              - id: first
                run: echo ran >> "$WORK/first.count"
              - id: second
                run: |
                  if [ ! -e "$WORK/second.marker" ]; then
                    echo $$ > "$WORK/second.pid"
                    sleep 1000 & echo $! > "$WORK/second-child.pid"
                    touch "$WORK/second.marker"
                    wait
                  fi
                  echo "second finished"
              - id: third
                run: echo third
            """)
        let runner = try workspace.start(["run", file, "--run-id", "crash-1"])
        try await workspace.waitForFile("second.marker", from: runner)

        try await killHard(runner)

        let pids = try [workspace.pid(in: "second.pid"), workspace.pid(in: "second-child.pid")]
        try await ProcessProbe.waitUntilGone(pids, "the killed runner's step")
        let group = try #require(try await workspace.events("crash-1").of("step.started", step: "second").first?.processGroup,
                                 "step.started records the step's process group")
        try await ProcessProbe.waitUntilGroupGone(group, "the killed runner's step")
        #expect(try await workspace.history().first { $0.runId == "crash-1" }?.status == "interrupted")
        let stopped = try await workspace.status("crash-1")
        #expect(stopped.status == "interrupted")
        #expect(stopped.step("first")?.status == "succeeded")
        #expect(stopped.step("second")?.status == "interrupted")

        let resume = try await workspace.capzflow("resume", "crash-1")

        expectExit(0, resume)
        let events = try await workspace.events("crash-1")
        #expect(events.map(\.seq) == Array(1...events.count))
        let takeover = try #require(events.of("lease.taken_over").first, "\(events.types)")
        #expect(takeover.previousPid == runner.pid)
        let interrupted = try #require(events.of("step.interrupted", step: "second").first, "\(events.types)")
        #expect(interrupted.attempt == 1)
        let resumed = try #require(events.of("run.resumed").first)
        let secondStarts = events.of("step.started", step: "second")
        #expect(secondStarts.compactMap(\.attempt) == [1, 2])
        #expect(takeover.seq < resumed.seq && interrupted.seq < resumed.seq)
        #expect(secondStarts.last.map { $0.seq > resumed.seq } == true, "attempt 2 starts after the resume")
        #expect(events.of("step.started", step: "first").count == 1, "a finished step never runs again")
        #expect(try workspace.read("first.count") == "ran\n")
        #expect(events.of("step.succeeded", step: "second").compactMap(\.attempt) == [2])
        #expect(events.last?.type == "run.succeeded")
        #expect(try await workspace.status("crash-1").step("third")?.status == "succeeded")
    }

    @Test("a runner killed during a retry backoff resumes no earlier than the recorded retry_at")
    func killDuringBackoff() async throws {
        let file = try workspace.write("backoff.yaml", """
            version: 1
            name: backoff
            steps:
              - id: flaky
                run: |
                  n=$(( $(cat "$WORK/count" 2>/dev/null || echo 0) + 1 ))
                  echo "$n" > "$WORK/count"
                  test "$n" -ge 2
                retry: { attempts: 2, backoff: 10s }   # long, so a resume that ignored retry_at would show
            """)
        // The runner kills itself the moment the retry time is durable: inside the backoff.
        let runner = try workspace.start(["run", file, "--run-id", "backoff-1"], environment: ["CAPZFLOW_CRASH_AFTER": "step.retry_scheduled"])
        let ended = try await runner.finish()
        #expect(ended.signal == SIGKILL, "\(ended)")
        let scheduled = try #require(try await workspace.events("backoff-1").of("step.retry_scheduled").first)
        #expect(try await workspace.status("backoff-1").step("flaky")?.status == "waiting", "a step in its backoff is waiting")

        let retryAt = try #require(scheduled.retryAt.flatMap(Timestamp.parse), "retry_at of \(scheduled)")
        let beforeResume = try await workspace.events("backoff-1")
        #expect(beforeResume.of("step.started").count == 1, "the kill came during the backoff: \(beforeResume.types)")

        let resume = try await workspace.capzflow("resume", "backoff-1")

        expectExit(0, resume)
        let events = try await workspace.events("backoff-1")
        #expect(!events.of("lease.taken_over").isEmpty)
        let second = try #require(events.first { $0.type == "step.started" && $0.attempt == 2 }, "\(events.types)")
        #expect(try #require(second.date) >= retryAt, "\(second) started before retry_at \(scheduled.retryAt ?? "?")")
        #expect(try workspace.read("count") == "2\n")
    }

    @Test("a poll interrupted by kill -9 keeps its original deadline on resume")
    func killDuringPoll() async throws {
        let file = try workspace.write("poll.yaml", """
            version: 1
            name: poll
            steps:
              - id: wait-ready
                wait:
                  until: touch "$WORK/polled"; test -e "$WORK/ready"
                  interval: 100ms
                  timeout: 1h
            """)
        let runner = try workspace.start(["run", file, "--run-id", "poll-1"])
        try await workspace.waitForFile("polled", from: runner)
        let first = try #require(try await workspace.events("poll-1").of("step.started").first)
        #expect(try await workspace.status("poll-1").step("wait-ready")?.status == "waiting", "a polling step is waiting")

        try await killHard(runner)
        let resume = try workspace.start(["resume", "poll-1"])
        let second = try await workspace.waitForEvent("poll-1", "step.started attempt 2", from: resume) {
            $0.type == "step.started" && $0.attempt == 2
        }
        try workspace.write("ready", "")
        let resumed = try await resume.finish()

        expectExit(0, resumed)
        let firstDeadline = try #require(first.deadline, "the poll's step.started records its deadline: \(first)")
        #expect(second.deadline == firstDeadline, "\(second)")
        #expect(try await workspace.status("poll-1").step("wait-ready")?.status == "succeeded")
    }

    @Test("an interrupted step whose check finds its effect in place is skipped on resume, with the probe's output")
    func checkProbeSkipsInterruptedStep() async throws {
        let file = try workspace.write("probe.yaml", """
            version: 1
            name: probe
            steps:
              - id: create
                check: test -e "$WORK/created" && echo "found $WORK/created"
                run: |
                  touch "$WORK/created"
                  echo ran >> "$WORK/create.count"
                  touch "$WORK/marker"
                  while :; do sleep 1; done
              - id: after
                run: echo after > "$WORK/after"
            """)
        let runner = try workspace.start(["run", file, "--run-id", "probe-1"])
        try await workspace.waitForFile("marker", from: runner)

        try await killHard(runner)
        let resume = try await workspace.capzflow("resume", "probe-1")

        expectExit(0, resume)
        let events = try await workspace.events("probe-1")
        #expect(events.of("step.interrupted", step: "create").count == 1, "\(events.types)")
        #expect(events.of("step.started", step: "create").count == 1, "the step did not run again")
        let skipped = try #require(events.of("step.skipped", step: "create").first, "\(events.types)")
        #expect(skipped.probeOutput?.contains("found") == true, "\(skipped)")
        #expect(try workspace.read("create.count") == "ran\n")
        #expect(try await workspace.status("probe-1").step("create")?.status == "skipped")
        #expect(workspace.exists("after"))
    }

    @Test("CAPZFLOW_CRASH_AFTER=N kills the runner right after event N, steps never see it; a bad value is refused before anything runs")
    func crashAfterEventNumber() async throws {
        let file = try workspace.write("three.yaml", """
            version: 1
            name: three
            steps:
              - id: a
                run: echo "${CAPZFLOW_CRASH_AFTER-unset}" > "$WORK/a.seen"
              - id: b
                run: "true"
              - id: c
                run: "true"
            """)

        let killed = try await workspace.start(["run", file, "--run-id", "crash-n"], environment: ["CAPZFLOW_CRASH_AFTER": "3"]).finish()
        let refused = try await workspace.capzflow("run", file, "--run-id", "crash-bad", environment: ["CAPZFLOW_CRASH_AFTER": "soon"])

        #expect(killed.signal == SIGKILL, "\(killed)")
        #expect(try await workspace.events("crash-n").map(\.seq) == [1, 2, 3])
        #expect(try workspace.read("a.seen") == "unset\n", "the crash hook leaked into a step's environment")
        expectExit(2, refused)
        #expect(refused.stderr.contains("CAPZFLOW_CRASH_AFTER=soon"), "\(refused)")
        #expect(try await workspace.history().map(\.runId) == ["crash-n"])
        expectExit(0, try await workspace.capzflow("resume", "crash-n"))
    }

    @Test("CAPZFLOW_CRASH_AFTER=EVENT+DURATION kills the runner while the step runs; resume runs it again as attempt 2")
    func crashInTheMiddleOfAStep() async throws {
        let file = try workspace.write("middle.yaml", """
            version: 1
            name: middle
            steps:
              - id: long
                run: |
                  if [ ! -e "$WORK/long.marker" ]; then
                    touch "$WORK/long.marker"
                    sleep 1000
                  fi
                  echo "long finished"
            """)

        let killed = try await workspace.start(["run", file, "--run-id", "crash-mid"], environment: ["CAPZFLOW_CRASH_AFTER": "step.started:long+500ms"])
            .finish()

        #expect(killed.signal == SIGKILL, "\(killed)")
        let before = try await workspace.events("crash-mid")
        #expect(before.last?.type == "step.started", "the runner died with the step running: \(before.types)")
        let group = try #require(before.last?.processGroup)
        try await ProcessProbe.waitUntilGroupGone(group, "the step of the killed runner")
        let resume = try await workspace.capzflow("resume", "crash-mid")
        expectExit(0, resume)
        let events = try await workspace.events("crash-mid")
        #expect(events.of("step.started", step: "long").compactMap(\.attempt) == [1, 2])
        #expect(events.of("step.succeeded", step: "long").compactMap(\.attempt) == [2])
    }
}
