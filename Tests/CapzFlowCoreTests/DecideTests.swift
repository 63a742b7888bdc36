import Foundation
import Testing
@testable import CapzFlowCore

@Suite("Decide")
struct DecideTests {
    // MARK: Order and needs

    @Test("steps start in file order once what they need is done")
    func startsInOrder() {
        let workflow = Fixtures.workflow(Fixtures.run("a"), Fixtures.run("b", needs: ["a"]), Fixtures.run("c", needs: ["b"]))
        var log = EventLog.started()

        var decision = decide(log.state, workflow, now: Fixtures.t0, maxParallel: 4)
        #expect(decision.commands == [.start(step: "a", attempt: 1, deadline: nil)])
        #expect(decision.holds == ["b": .needs(["a"]), "c": .needs(["b"])])

        log.start("a")
        decision = decide(log.state, workflow, now: Fixtures.t0, maxParallel: 4)
        #expect(decision.commands.isEmpty, "a running step is not started again")
        #expect(decision.holds["b"] == .needs(["a"]))

        log.succeed("a", at: Fixtures.time(1))
        decision = decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4)
        #expect(decision.commands == [.start(step: "b", attempt: 1, deadline: nil)])
        #expect(decision.holds == ["c": .needs(["b"])])
    }

    @Test("a skipped step counts as done for the steps that need it")
    func skippedNeedIsDone() {
        let workflow = Fixtures.workflow(Fixtures.run("a"), Fixtures.run("b", needs: ["a"]))
        var log = EventLog.started()
        log.append(.stepSkipped(StepSkipped(step: "a", source: .probe, reason: "exists", probeOutput: "found")))
        #expect(decide(log.state, workflow, now: Fixtures.t0, maxParallel: 4).commands == [.start(step: "b", attempt: 1, deadline: nil)])
    }

    @Test("a step waits for every one of its needs")
    func waitsForAllNeeds() {
        let workflow = Fixtures.workflow(Fixtures.run("a"), Fixtures.run("b"), Fixtures.run("c", needs: ["a", "b"]))
        var log = EventLog.started()
        log.start("a")
        log.start("b")
        log.succeed("a")
        let decision = decide(log.state, workflow, now: Fixtures.t0, maxParallel: 4)
        #expect(decision.commands.isEmpty)
        #expect(decision.holds["c"] == .needs(["b"]))
    }

    @Test("a succeeded step never runs again")
    func succeededStepNeverRunsAgain() {
        let workflow = Fixtures.workflow(Fixtures.run("a"), Fixtures.run("b", needs: []))
        var log = EventLog.started()
        log.start("a")
        log.succeed("a")
        let decision = decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4)
        #expect(decision.commands == [.start(step: "b", attempt: 1, deadline: nil)])
    }

    @Test("a reset step runs again as a new attempt")
    func resetStepRunsAgain() {
        let workflow = Fixtures.workflow(Fixtures.run("a"))
        var log = EventLog.started()
        log.start("a")
        log.succeed("a")
        log.append(.stepReset(StepReset(step: "a", by: "alice", reason: "resume --from a")))
        log.resume()
        #expect(decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4).commands == [.start(step: "a", attempt: 2, deadline: nil)])
    }

    // MARK: Parallelism

    @Test("ready steps start in parallel up to maxParallel, in file order")
    func parallelUpToLimit() {
        let workflow = Fixtures.workflow(
            Fixtures.run("a"), Fixtures.run("b", needs: []), Fixtures.run("c", needs: []), Fixtures.run("d", needs: []), Fixtures.run("e", needs: []))
        var log = EventLog.started()
        var decision = decide(log.state, workflow, now: Fixtures.t0, maxParallel: 2)
        #expect(decision.commands == [.start(step: "a", attempt: 1, deadline: nil), .start(step: "b", attempt: 1, deadline: nil)])
        #expect(decision.holds == ["c": .parallelLimit, "d": .parallelLimit, "e": .parallelLimit])

        log.start("a")
        log.start("b")
        decision = decide(log.state, workflow, now: Fixtures.t0, maxParallel: 2)
        #expect(decision.commands.isEmpty)

        log.succeed("b")
        decision = decide(log.state, workflow, now: Fixtures.t0, maxParallel: 2)
        #expect(decision.commands == [.start(step: "c", attempt: 1, deadline: nil)])
        #expect(decision.holds == ["d": .parallelLimit, "e": .parallelLimit])
    }

    @Test("a running wait step takes a slot")
    func waitTakesSlot() {
        let workflow = Fixtures.workflow(Fixtures.wait("poll", timeout: .seconds(60)), Fixtures.run("b", needs: []))
        var log = EventLog.started()
        log.start("poll", deadline: Fixtures.time(60))
        let decision = decide(log.state, workflow, now: Fixtures.t0, maxParallel: 1)
        #expect(decision.commands.isEmpty)
        #expect(decision.holds["b"] == .parallelLimit)
    }

    @Test("await steps do not take a slot")
    func awaitTakesNoSlot() {
        let workflow = Fixtures.workflow(
            Fixtures.run("x"), Fixtures.await("gate", signal: "go", needs: [], timeout: .seconds(600)), Fixtures.run("y", needs: []))
        var log = EventLog.started()
        var decision = decide(log.state, workflow, now: Fixtures.t0, maxParallel: 1)
        #expect(decision.commands == [.start(step: "x", attempt: 1, deadline: nil), .start(step: "gate", attempt: 1, deadline: Fixtures.time(600))])
        #expect(decision.holds["y"] == .parallelLimit)

        log.start("gate", deadline: Fixtures.time(600))
        decision = decide(log.state, workflow, now: Fixtures.t0, maxParallel: 1)
        #expect(decision.commands == [.start(step: "x", attempt: 1, deadline: nil)], "a running await leaves the only slot free")
    }

    // MARK: Backoff

    @Test("a step in backoff is held until its retry time, and decide wakes then")
    func backoffHeld() {
        let workflow = Fixtures.workflow(Fixtures.run("a", retry: RetryPolicy(attempts: 3)))
        var log = EventLog.started()
        log.start("a")
        log.fail("a", at: Fixtures.time(5))
        log.scheduleRetry("a", attempt: 2, at: Fixtures.time(5), retryAt: Fixtures.time(15))

        let early = decide(log.state, workflow, now: Fixtures.time(14.875), maxParallel: 4)
        #expect(early.commands.isEmpty)
        #expect(early.holds == ["a": .backoff(until: Fixtures.time(15))])
        #expect(early.wakeAt == Fixtures.time(15))

        let due = decide(log.state, workflow, now: Fixtures.time(15), maxParallel: 4)
        #expect(due.commands == [.start(step: "a", attempt: 2, deadline: nil)])
        #expect(due.wakeAt == nil)

        let late = decide(log.state, workflow, now: Fixtures.time(3_600), maxParallel: 4)
        #expect(late.commands == [.start(step: "a", attempt: 2, deadline: nil)])
    }

    @Test("the backoff survives a crash: after a takeover and resume the step still waits for its retry time")
    func backoffSurvivesCrash() {
        let workflow = Fixtures.workflow(Fixtures.run("a", retry: RetryPolicy(attempts: 3)))
        var log = EventLog.started()
        log.start("a")
        log.fail("a", at: Fixtures.time(5))
        log.scheduleRetry("a", attempt: 2, at: Fixtures.time(5), retryAt: Fixtures.time(305))
        log.takeOverLease(at: Fixtures.time(100))
        log.resume(at: Fixtures.time(100))
        let decision = decide(log.state, workflow, now: Fixtures.time(100), maxParallel: 4)
        #expect(decision.commands.isEmpty)
        #expect(decision.holds["a"] == .backoff(until: Fixtures.time(305)))
        #expect(decision.wakeAt == Fixtures.time(305))
    }

    @Test("wakeAt is the earliest time at which the answer could change")
    func wakeAtIsEarliest() {
        let workflow = Fixtures.workflow(
            Fixtures.run("a", retry: RetryPolicy(attempts: 2)), Fixtures.await("gate", signal: "go", needs: [], timeout: .seconds(50)))
        var log = EventLog.started()
        log.start("a")
        log.fail("a")
        log.scheduleRetry("a", attempt: 2, retryAt: Fixtures.time(90))
        log.start("gate", deadline: Fixtures.time(50))
        #expect(decide(log.state, workflow, now: Fixtures.time(10), maxParallel: 4).wakeAt == Fixtures.time(50))
    }

    // MARK: Await and wait

    @Test("an await starts with a deadline of now plus the step's timeout, a wait with its own timeout, a run with none")
    func startDeadlines() {
        let workflow = Fixtures.workflow(
            Fixtures.run("build"), Fixtures.wait("poll", needs: [], timeout: .seconds(1_200)),
            Fixtures.await("approve", signal: "go", needs: [], timeout: .seconds(3_600)))
        let decision = decide(EventLog.started().state, workflow, now: Fixtures.time(7), maxParallel: 4)
        #expect(
            decision.commands == [
                .start(step: "build", attempt: 1, deadline: nil),
                .start(step: "poll", attempt: 1, deadline: Fixtures.time(1_207)),
                .start(step: "approve", attempt: 1, deadline: Fixtures.time(3_607)),
            ])
    }

    @Test("a started await waits for its signal until its deadline")
    func awaitWaits() {
        let workflow = Fixtures.workflow(Fixtures.await("approve", signal: "go", timeout: .seconds(600)))
        var log = EventLog.started()
        log.start("approve", deadline: Fixtures.time(600))
        log.signal("another")
        let decision = decide(log.state, workflow, now: Fixtures.time(10), maxParallel: 4)
        #expect(decision.commands.isEmpty)
        #expect(decision.holds == ["approve": .awaitingSignal("go", until: Fixtures.time(600))])
        #expect(decision.wakeAt == Fixtures.time(600))
    }

    @Test("an await completes when its signal arrives")
    func awaitCompletes() {
        let workflow = Fixtures.workflow(Fixtures.await("approve", signal: "go", timeout: .seconds(600)))
        var log = EventLog.started()
        log.start("approve", deadline: Fixtures.time(600))
        log.signal("go", at: Fixtures.time(30))
        let decision = decide(log.state, workflow, now: Fixtures.time(30), maxParallel: 4)
        #expect(decision.commands == [.completeAwait(step: "approve", attempt: 1)])
        #expect(decision.holds.isEmpty)
    }

    @Test("an await whose signal arrived before it started completes as soon as it starts")
    func awaitSignalBeforeStart() {
        let workflow = Fixtures.workflow(Fixtures.run("build"), Fixtures.await("approve", signal: "go", needs: ["build"], timeout: .seconds(600)))
        var log = EventLog.started()
        log.signal("go")
        log.start("build")
        #expect(decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4).holds["approve"] == .needs(["build"]))
        log.succeed("build", at: Fixtures.time(2))
        #expect(
            decide(log.state, workflow, now: Fixtures.time(2), maxParallel: 4).commands
                == [.start(step: "approve", attempt: 1, deadline: Fixtures.time(602))])
        log.start("approve", at: Fixtures.time(2), deadline: Fixtures.time(602))
        #expect(decide(log.state, workflow, now: Fixtures.time(2), maxParallel: 4).commands == [.completeAwait(step: "approve", attempt: 1)])
    }

    @Test("an await expires at its deadline, not before")
    func awaitExpires() {
        let workflow = Fixtures.workflow(Fixtures.await("approve", signal: "go", timeout: .seconds(600)))
        var log = EventLog.started()
        log.start("approve", deadline: Fixtures.time(600))
        #expect(decide(log.state, workflow, now: Fixtures.time(599.875), maxParallel: 4).commands.isEmpty)
        #expect(decide(log.state, workflow, now: Fixtures.time(600), maxParallel: 4).commands == [.expireAwait(step: "approve", attempt: 1)])
    }

    @Test("an interrupted wait step keeps its deadline when it starts again")
    func interruptedWaitKeepsDeadline() {
        let workflow = Fixtures.workflow(Fixtures.wait("poll", timeout: .seconds(1_200)))
        var log = EventLog.started()
        log.start("poll", deadline: Fixtures.time(1_200))
        log.takeOverLease(at: Fixtures.time(300))
        log.resume(at: Fixtures.time(300))
        log.interrupt("poll", at: Fixtures.time(300))
        let decision = decide(log.state, workflow, now: Fixtures.time(300), maxParallel: 4)
        #expect(decision.commands == [.start(step: "poll", attempt: 2, deadline: Fixtures.time(1_200))])
    }

    @Test("an interrupted await keeps its deadline too")
    func interruptedAwaitKeepsDeadline() {
        let workflow = Fixtures.workflow(Fixtures.await("approve", signal: "go", timeout: .seconds(600)))
        var log = EventLog.started()
        log.start("approve", deadline: Fixtures.time(600))
        log.append(.runInterrupted(RunInterrupted(reason: "SIGINT")), at: Fixtures.time(100))
        log.resume(at: Fixtures.time(500))
        let decision = decide(log.state, workflow, now: Fixtures.time(500), maxParallel: 4)
        #expect(decision.commands == [.start(step: "approve", attempt: 2, deadline: Fixtures.time(600))])
    }

    @Test("an interrupted run step starts again as a new attempt")
    func interruptedRunStepRestarts() {
        let workflow = Fixtures.workflow(Fixtures.run("a"))
        var log = EventLog.started()
        log.start("a", processGroup: 10)
        log.takeOverLease(at: Fixtures.time(1))
        log.resume(at: Fixtures.time(1))
        log.interrupt("a", at: Fixtures.time(1))
        #expect(decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4).commands == [.start(step: "a", attempt: 2, deadline: nil)])
    }

    // MARK: Failing fast and finishing

    @Test("after a step fails for good nothing new starts, and the run fails once nothing runs")
    func failFast() {
        let workflow = Fixtures.workflow(
            Fixtures.run("a"), Fixtures.run("b", needs: []), Fixtures.run("c", needs: []), Fixtures.run("d", needs: ["a"]))
        var log = EventLog.started()
        log.start("a")
        log.start("b")
        log.fail("a", at: Fixtures.time(1), reason: "exit 1")

        let whileRunning = decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4)
        #expect(whileRunning.commands.isEmpty, "c is ready but must not start, and b still runs")
        #expect(whileRunning.holds == ["c": .runFailing, "d": .runFailing])

        log.succeed("b", at: Fixtures.time(2))
        let done = decide(log.state, workflow, now: Fixtures.time(2), maxParallel: 4)
        #expect(done.commands == [.finish(.failed(step: "a", reason: "exit 1"))])
        #expect(done.holds.isEmpty)
        #expect(done.wakeAt == nil)
    }

    @Test("a failed step also holds a step in backoff")
    func failFastHoldsBackoff() {
        let workflow = Fixtures.workflow(Fixtures.run("a"), Fixtures.run("b", needs: [], retry: RetryPolicy(attempts: 3)))
        var log = EventLog.started()
        log.start("a")
        log.start("b")
        log.fail("b")
        log.scheduleRetry("b", attempt: 2, retryAt: Fixtures.time(30))
        log.fail("a", reason: "exit 7")
        let decision = decide(log.state, workflow, now: Fixtures.time(40), maxParallel: 4)
        #expect(decision.commands == [.finish(.failed(step: "a", reason: "exit 7"))])
    }

    @Test("a failing run does not wait for an await to time out, and cancels it")
    func failingRunDoesNotWaitForAwait() {
        let workflow = Fixtures.workflow(Fixtures.run("a"), Fixtures.await("gate", signal: "go", needs: [], timeout: .seconds(60)))
        var log = EventLog.started()
        log.start("a")
        log.start("gate", deadline: Fixtures.time(60))
        log.fail("a")
        let decision = decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4)
        #expect(decision.commands == [.finish(.failed(step: "a", reason: log.state.step("a").reason ?? ""))])
        log.append(.runFailed(RunFailed(step: "a", reason: "failed")))
        #expect(log.state.step("gate").status == .cancelled)
    }

    @Test("a failed step becomes ready again after a resume")
    func resumeRetriesFailedStep() {
        let workflow = Fixtures.workflow(Fixtures.run("a"))
        var log = EventLog.started()
        log.start("a")
        log.fail("a")
        log.append(.runFailed(RunFailed(step: "a", reason: "exit 1")))
        log.resume(at: Fixtures.time(100))
        #expect(decide(log.state, workflow, now: Fixtures.time(100), maxParallel: 4).commands == [.start(step: "a", attempt: 2, deadline: nil)])
    }

    @Test("when every step is done the run finishes as succeeded")
    func allDoneSucceeds() {
        let workflow = Fixtures.workflow(Fixtures.run("a"), Fixtures.run("b"))
        var log = EventLog.started()
        log.start("a")
        log.succeed("a")
        log.append(.stepSkipped(StepSkipped(step: "b", source: .user, by: "alice", reason: "done by hand")))
        let decision = decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4)
        #expect(decision.commands == [.finish(.succeeded)])
    }

    @Test("the run does not finish while a step still runs")
    func noFinishWhileRunning() {
        let workflow = Fixtures.workflow(Fixtures.run("a"), Fixtures.run("b", needs: []))
        var log = EventLog.started()
        log.start("a")
        log.succeed("a")
        log.start("b")
        #expect(decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4).commands.isEmpty)
    }

    struct Finish: Sendable, CustomTestStringConvertible {
        var event: Event
        var testDescription: String { event.type }
    }

    static let finishedRuns: [Finish] = [
        Finish(event: .runSucceeded(RunSucceeded())),
        Finish(event: .runFailed(RunFailed(step: "a", reason: "exit 1"))),
        Finish(event: .runInterrupted(RunInterrupted(reason: "SIGTERM"))),
        Finish(event: .runCancelled(RunCancelled(by: "alice"))),
    ]

    @Test("a finished run yields no commands", arguments: finishedRuns)
    func finishedRunYieldsNothing(_ finish: Finish) {
        let workflow = Fixtures.workflow(Fixtures.run("a"), Fixtures.run("b"))
        var log = EventLog.started()
        log.start("a")
        log.fail("a")
        log.append(finish.event)
        #expect(log.state.status.isFinished)
        #expect(decide(log.state, workflow, now: Fixtures.time(1), maxParallel: 4) == Decision())
    }

    // MARK: Explanations

    @Test("a hold explains itself to people")
    func holdExplanations() {
        let format: (Date) -> String = { EventJSON.timestamp($0) }
        #expect(Hold.backoff(until: Fixtures.t0).explanation(format: format) == "retry backoff until 2023-11-14T22:13:20.000Z")
        #expect(
            Hold.awaitingSignal("go", until: Fixtures.t0).explanation(format: format)
                == "waiting for signal 'go' until 2023-11-14T22:13:20.000Z")
        #expect(Hold.awaitingSignal("go", until: nil).explanation(format: format) == "waiting for signal 'go'")
        #expect(Hold.needs(["a", "b"]).explanation(format: format) == "needs a, b")
        #expect(Hold.runFailing.explanation(format: format) == "not started: another step failed")
        #expect(Hold.parallelLimit.explanation(format: format) == "waiting for a free slot (--max-parallel)")
    }
}
