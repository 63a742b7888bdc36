import Foundation
import Testing
@testable import CapzFlowCore

@Suite("Evolve")
struct EvolveTests {
    // MARK: Run events

    @Test("run.started records the workflow, its hash, the pinned params and the start time")
    func runStarted() {
        let state = EventLog.started().state
        #expect(state.status == .running)
        #expect(state.workflow == "demo")
        #expect(state.definitionHash == "fnv1a64:00000000000000ff")
        #expect(state.params == ["CLUSTER_NAME": "c1"])
        #expect(state.startedAt == Fixtures.t0)
        #expect(state.finishedAt == nil)
        #expect(state.lastSeq == 1)
    }

    @Test("run.succeeded finishes the run at the event's time")
    func runSucceeded() {
        var log = EventLog.started()
        log.append(.runSucceeded(RunSucceeded()), at: Fixtures.time(60))
        #expect(log.state.status == .succeeded)
        #expect(log.state.finishedAt == Fixtures.time(60))
        #expect(log.state.reason == nil)
    }

    @Test("run.failed records the failing step and the reason")
    func runFailed() {
        var log = EventLog.started()
        log.append(.runFailed(RunFailed(step: "login", reason: "exit 1")), at: Fixtures.time(5))
        #expect(log.state.status == .failed)
        #expect(log.state.failedStep == "login")
        #expect(log.state.reason == "exit 1")
        #expect(log.state.finishedAt == Fixtures.time(5))
    }

    @Test("run.interrupted interrupts the running steps and leaves the others")
    func runInterrupted() {
        var log = EventLog.started()
        log.start("a")
        log.succeed("a")
        log.start("b", processGroup: 77)
        log.append(.runInterrupted(RunInterrupted(reason: "SIGINT")), at: Fixtures.time(9))
        #expect(log.state.status == .interrupted)
        #expect(log.state.reason == "SIGINT")
        #expect(log.state.finishedAt == Fixtures.time(9))
        #expect(log.state.step("a").status == .succeeded)
        #expect(log.state.step("b").status == .interrupted)
        #expect(log.state.runningSteps.isEmpty)
    }

    @Test("run.cancelled cancels running and retrying steps, dropping the retry time, and leaves pending ones")
    func runCancelled() {
        var log = EventLog.started()
        log.start("a")
        log.start("b")
        log.fail("b")
        log.scheduleRetry("b", attempt: 2, retryAt: Fixtures.time(30))
        log.append(.runCancelled(RunCancelled(by: "alice")), at: Fixtures.time(10))
        #expect(log.state.status == .cancelled)
        #expect(log.state.reason == "cancelled by alice")
        #expect(log.state.step("a").status == .cancelled)
        #expect(log.state.step("a").finishedAt == Fixtures.time(10))
        #expect(log.state.step("b").status == .cancelled)
        #expect(log.state.step("b").retryAt == nil)
        #expect(log.state.steps["c"] == nil)
    }

    @Test("run.resumed reopens the run; failed and cancelled steps get a fresh budget, the others keep theirs")
    func runResumed() {
        var log = EventLog.started()
        log.start("done")
        log.succeed("done")
        log.start("broken", attempt: 1)
        log.fail("broken", attempt: 1)
        log.scheduleRetry("broken", attempt: 2, retryAt: Fixtures.time(10))
        log.start("broken", attempt: 2, at: Fixtures.time(10))
        log.fail("broken", attempt: 2, at: Fixtures.time(11))
        log.start("backing-off")
        log.fail("backing-off")
        log.scheduleRetry("backing-off", attempt: 2, retryAt: Fixtures.time(300))
        log.start("cut", processGroup: 99)
        log.append(.runFailed(RunFailed(step: "broken", reason: "exit 1")), at: Fixtures.time(12))
        log.resume(at: Fixtures.time(20))

        let state = log.state
        #expect(state.status == .running)
        #expect(state.finishedAt == nil && state.reason == nil && state.failedStep == nil)
        #expect(state.step("done").status == .succeeded)
        #expect(state.step("broken").status == .pending)
        #expect(state.step("broken").attempts == 2)
        #expect(state.step("broken").budgetBase == 2)
        #expect(state.step("broken").budgetUsed == 0)
        // The run's failure ended the backoff: the step waits for nothing but its turn.
        #expect(state.step("backing-off").status == .pending)
        #expect(state.step("backing-off").retryAt == nil)
        #expect(state.step("backing-off").budgetBase == 0)
        // The run's failure cancelled the step still open; the resume makes it ready again.
        #expect(state.step("cut").status == .pending)
    }

    @Test("run.reloaded adopts the new definition hash")
    func runReloaded() {
        var log = EventLog.started()
        log.append(.runReloaded(RunReloaded(definitionHash: "fnv1a64:0000000000000abc", definition: "version: 1\nname: demo\n", changedSteps: ["a"], by: "alice")))
        #expect(log.state.definitionHash == "fnv1a64:0000000000000abc")
        #expect(log.state.workflow == "demo")
    }

    // MARK: Step events

    @Test("step.started marks the step running with its attempt, group and deadline, and clears the last outcome")
    func stepStarted() {
        var log = EventLog.started()
        log.start("a", attempt: 1)
        log.fail("a", exitCode: 3, reason: "exit 3")
        log.scheduleRetry("a", attempt: 2, retryAt: Fixtures.time(10))
        log.start("a", attempt: 2, at: Fixtures.time(10), processGroup: 1234, deadline: Fixtures.time(70))
        let step = log.state.step("a")
        #expect(step.status == .running)
        #expect(step.attempts == 2)
        #expect(step.startedAt == Fixtures.time(10))
        #expect(step.processGroup == 1234)
        #expect(step.deadline == Fixtures.time(70))
        #expect(step.finishedAt == nil && step.exitCode == nil && step.retryAt == nil && step.reason == nil)
        #expect(log.state.runningSteps == ["a"])
    }

    @Test("step.succeeded records the exit code and note, ends the attempt and merges its outputs, newest first")
    func stepSucceeded() {
        var log = EventLog.started()
        log.start("a", processGroup: 10, deadline: Fixtures.time(60))
        log.append(.stepSucceeded(StepSucceeded(step: "a", attempt: 1, exitCode: 0, outputs: ["NSG_NAME": "nsg-1", "VNET": "v1"], note: "ok")), at: Fixtures.time(4))
        log.start("b")
        log.succeed("b", outputs: ["VNET": "v2"])
        let step = log.state.step("a")
        #expect(step.status == .succeeded)
        #expect(step.exitCode == 0)
        #expect(step.finishedAt == Fixtures.time(4))
        #expect(step.processGroup == nil && step.deadline == nil)
        #expect(step.reason == "ok")
        #expect(log.state.outputs == ["NSG_NAME": "nsg-1", "VNET": "v2"])
    }

    @Test("step.failed records the exit code and reason and ends the attempt")
    func stepFailed() {
        var log = EventLog.started()
        log.start("a", processGroup: 10)
        log.fail("a", at: Fixtures.time(3), exitCode: 2, reason: "exit 2: usage")
        let step = log.state.step("a")
        #expect(step.status == .failed)
        #expect(step.exitCode == 2)
        #expect(step.reason == "exit 2: usage")
        #expect(step.finishedAt == Fixtures.time(3))
        #expect(step.processGroup == nil)
        #expect(log.state.status == .running, "a failed step does not fail the run by itself")
    }

    @Test("step.timed_out fails the attempt with a reason that says which timeout", arguments: [false, true])
    func stepTimedOut(idle: Bool) {
        var log = EventLog.started()
        log.start("a", processGroup: 10, deadline: Fixtures.time(600))
        log.append(.stepTimedOut(StepTimedOut(step: "a", attempt: 1, idle: idle, after: "10m")), at: Fixtures.time(600))
        let step = log.state.step("a")
        #expect(step.status == .failed)
        #expect(step.exitCode == nil)
        #expect(step.reason == (idle ? "no output for 10m" : "timed out after 10m"))
        #expect(step.processGroup == nil && step.deadline == nil)
    }

    @Test("step.retry_scheduled puts a failed step in backoff until the absolute retry time")
    func stepRetryScheduled() {
        var log = EventLog.started()
        log.start("a")
        log.fail("a", at: Fixtures.time(2))
        log.scheduleRetry("a", attempt: 2, at: Fixtures.time(2), retryAt: Fixtures.time(12))
        let step = log.state.step("a")
        #expect(step.status == .retrying)
        #expect(step.retryAt == Fixtures.time(12))
        #expect(step.attempts == 1, "the next attempt is counted when it starts")
    }

    @Test("step.skipped marks the step done and clears any backoff")
    func stepSkipped() {
        var log = EventLog.started()
        log.start("a")
        log.fail("a")
        log.scheduleRetry("a", attempt: 2, retryAt: Fixtures.time(60))
        log.append(.stepSkipped(StepSkipped(step: "a", source: .user, by: "alice", reason: "done by hand")), at: Fixtures.time(5))
        let step = log.state.step("a")
        #expect(step.status == .skipped)
        #expect(step.status.isDone)
        #expect(step.retryAt == nil)
        #expect(step.reason == "done by hand")
        #expect(step.finishedAt == Fixtures.time(5))
    }

    @Test("step.interrupted stops a running attempt but keeps its deadline and its process group")
    func stepInterrupted() {
        var log = EventLog.started()
        log.start("poll", processGroup: 55, deadline: Fixtures.time(1_200))
        log.interrupt("poll", at: Fixtures.time(100))
        let step = log.state.step("poll")
        #expect(step.status == .interrupted)
        #expect(step.deadline == Fixtures.time(1_200))
        #expect(step.processGroup == 55, "kept so that leftovers of the attempt can still be found")
        #expect(step.budgetBase == 1, "an interrupted attempt does not use up the retry budget")
        #expect(step.finishedAt == Fixtures.time(100))
        #expect(step.reason == "found unfinished on resume")
    }

    @Test("step.interrupted does not touch a step that is not running", arguments: [StepStatus.succeeded, .failed, .retrying])
    func stepInterruptedIgnoresFinishedStep(_ status: StepStatus) {
        var log = EventLog.started()
        log.start("a")
        switch status {
        case .succeeded: log.succeed("a")
        case .failed: log.fail("a")
        default:
            log.fail("a")
            log.scheduleRetry("a", attempt: 2, retryAt: Fixtures.time(30))
        }
        let before = log.state.step("a")
        log.interrupt("a", at: Fixtures.time(40))
        #expect(log.state.step("a") == before)
        #expect(log.state.step("a").status == status)
    }

    @Test("step.reset makes a finished step pending with a fresh budget and keeps its outputs")
    func stepReset() {
        var log = EventLog.started()
        log.start("a", attempt: 1)
        log.fail("a", attempt: 1)
        log.scheduleRetry("a", attempt: 2, retryAt: Fixtures.time(5))
        log.start("a", attempt: 2, at: Fixtures.time(5))
        log.succeed("a", attempt: 2, at: Fixtures.time(6), outputs: ["NSG_NAME": "nsg-1"])
        log.append(.stepReset(StepReset(step: "a", by: "alice", reason: "resume --from a")), at: Fixtures.time(100))
        let step = log.state.step("a")
        #expect(step.status == .pending)
        #expect(step.attempts == 2)
        #expect(step.budgetBase == 2)
        #expect(step.budgetUsed == 0)
        #expect(step.deadline == nil && step.retryAt == nil && step.reason == nil)
        #expect(step.startedAt == nil && step.finishedAt == nil && step.exitCode == nil, "a reset step forgets its old timing")
        #expect(log.state.outputs == ["NSG_NAME": "nsg-1"])
    }

    @Test("service.started records the detached process on the step")
    func serviceStarted() {
        var log = EventLog.started()
        log.start("tilt-up")
        let service = ServiceStarted(step: "tilt-up", attempt: 1, pid: 3030, startTime: 123_456, logPath: "state/tilt-up.log")
        log.append(.serviceStarted(service))
        #expect(log.state.step("tilt-up").service == service)
        #expect(log.state.step("tilt-up").status == .running)
    }

    // MARK: Signals and leases

    @Test("signal.received is remembered even when no step waits for it yet")
    func signalReceived() {
        var log = EventLog.started()
        log.signal("go-ahead")
        log.signal("go-ahead")
        log.signal("other")
        #expect(log.state.signals == ["go-ahead", "other"])
    }

    @Test("an await that completes uses up its signal, so a re-run waits for a new one")
    func signalUsedUp() {
        var log = EventLog.started()
        log.signal("go")
        log.start("gate")
        log.append(.stepSucceeded(StepSucceeded(step: "gate", attempt: 1, exitCode: nil, signal: "go")))
        #expect(log.state.signals.isEmpty)
        log.signal("go")
        #expect(log.state.signals == ["go"])
    }

    @Test("lease.taken_over interrupts what the dead runner was running and keeps its process group to terminate")
    func leaseTakenOver() {
        var log = EventLog.started()
        log.start("a")
        log.succeed("a")
        log.start("b", processGroup: 4711)
        log.start("c", deadline: Fixtures.time(300))
        log.takeOverLease(at: Fixtures.time(50))
        #expect(log.state.step("a").status == .succeeded)
        #expect(log.state.step("b").status == .interrupted)
        #expect(log.state.step("b").processGroup == 4711)
        #expect(log.state.step("b").reason == "the runner holding the run stopped")
        #expect(log.state.step("c").status == .interrupted)
        #expect(log.state.step("c").deadline == Fixtures.time(300))
        #expect(log.state.status == .running)
    }

    @Test("step.interrupted after a takeover ends the attempt that was already marked interrupted")
    func interruptedAfterTakeover() {
        var log = EventLog.started()
        log.start("b", processGroup: 4711)
        log.takeOverLease(at: Fixtures.time(50))
        log.resume(at: Fixtures.time(50))
        log.interrupt("b", at: Fixtures.time(51))
        #expect(log.state.step("b").status == .interrupted)
        #expect(log.state.step("b").processGroup == 4711)
        #expect(log.state.step("b").finishedAt == Fixtures.time(51))
        #expect(log.state.step("b").budgetBase == 1, "marked twice, counted once")
    }

    // MARK: Folding

    @Test("evolve records the sequence number of the last event")
    func lastSeq() {
        var log = EventLog.started()
        log.start("a")
        log.succeed("a")
        #expect(log.state.lastSeq == 3)
        #expect(log.events.map(\.seq) == [1, 2, 3])
    }

    @Test("replaying a log equals folding it one event at a time")
    func replayEqualsFold() {
        var log = EventLog.started()
        log.start("a", processGroup: 1)
        log.fail("a", at: Fixtures.time(1))
        log.scheduleRetry("a", attempt: 2, at: Fixtures.time(1), retryAt: Fixtures.time(11))
        log.start("b", deadline: Fixtures.time(100))
        log.signal("go")
        log.takeOverLease(at: Fixtures.time(5))
        log.resume(at: Fixtures.time(6))
        log.interrupt("b", at: Fixtures.time(6))
        log.start("a", attempt: 2, at: Fixtures.time(11))
        log.succeed("a", attempt: 2, at: Fixtures.time(12), outputs: ["X": "1"])
        log.start("b", attempt: 2, at: Fixtures.time(12), deadline: Fixtures.time(100))
        log.succeed("b", attempt: 2, at: Fixtures.time(13))
        log.append(.runSucceeded(RunSucceeded()), at: Fixtures.time(13))

        let replayed = RunState.replay(log.events)
        #expect(replayed == log.state)
        #expect(replayed.status == .succeeded)
        #expect(RunState.replay([]) == RunState())
        // Every prefix replays to the state the fold had at that point.
        var folded = RunState()
        for (index, event) in log.events.enumerated() {
            folded = evolve(folded, event)
            #expect(RunState.replay(Array(log.events.prefix(index + 1))) == folded)
        }
    }

    // MARK: Display

    @Test("status shows a step in backoff, polling or awaiting a signal as waiting")
    func displayStatus() {
        var log = EventLog.started()
        log.start("build")
        log.start("poll")
        log.start("approve")
        log.start("flaky")
        log.fail("flaky")
        log.scheduleRetry("flaky", attempt: 2, retryAt: Fixtures.time(60))
        let state = log.state
        #expect(state.step("build").displayStatus(for: Fixtures.run("build")) == "running")
        #expect(state.step("poll").displayStatus(for: Fixtures.wait("poll", timeout: .seconds(60))) == "waiting")
        #expect(state.step("approve").displayStatus(for: Fixtures.await("approve", signal: "go")) == "waiting")
        #expect(state.step("flaky").displayStatus(for: Fixtures.run("flaky")) == "waiting")
        #expect(state.step("later").displayStatus(for: nil) == "pending")
    }
}
