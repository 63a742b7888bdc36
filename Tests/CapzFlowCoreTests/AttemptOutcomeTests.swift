import Foundation
import Testing
@testable import CapzFlowCore

@Suite("Attempt outcome and retry budget")
struct AttemptOutcomeTests {
    /// One ended attempt and whether (and when) it is retried.
    struct RetryCase: Sendable, CustomTestStringConvertible {
        var name: String
        var policy: RetryPolicy
        var outcome: AttemptOutcome
        var attempt: Int
        var budgetBase: Int = 0
        /// Seconds after `now` of the next attempt, or nil when there is none.
        var retryAfter: Double?
        var testDescription: String { name }
    }

    static let failure = AttemptOutcome.failed(exitCode: 1, reason: "exit 1")
    static let timeout = AttemptOutcome.timedOut(idle: false, after: .seconds(600))

    static let retryCases: [RetryCase] = [
        RetryCase(name: "attempts 1 means no retry", policy: RetryPolicy(attempts: 1), outcome: failure, attempt: 1, retryAfter: nil),
        RetryCase(name: "attempts counts the first: attempt 1 of 3 is retried", policy: RetryPolicy(attempts: 3), outcome: failure, attempt: 1, retryAfter: 10),
        RetryCase(name: "attempt 2 of 3 is retried after backoff times factor", policy: RetryPolicy(attempts: 3), outcome: failure, attempt: 2, retryAfter: 20),
        RetryCase(name: "attempt 3 of 3 is the last", policy: RetryPolicy(attempts: 3), outcome: failure, attempt: 3, retryAfter: nil),
        RetryCase(name: "a timeout is retried by default", policy: RetryPolicy(attempts: 2), outcome: timeout, attempt: 1, retryAfter: 10),
        RetryCase(
            name: "an idle timeout counts as a timeout", policy: RetryPolicy(attempts: 2, on: [.timeout]),
            outcome: .timedOut(idle: true, after: .seconds(300)), attempt: 1, retryAfter: 10),
        RetryCase(
            name: "except_exit_codes stops the retry for that code", policy: RetryPolicy(attempts: 3, exceptExitCodes: [2]),
            outcome: .failed(exitCode: 2, reason: "usage"), attempt: 1, retryAfter: nil),
        RetryCase(
            name: "except_exit_codes leaves other codes retried", policy: RetryPolicy(attempts: 3, exceptExitCodes: [2]),
            outcome: .failed(exitCode: 1, reason: "exit 1"), attempt: 1, retryAfter: 10),
        RetryCase(
            name: "a failure without an exit code is retried despite except_exit_codes", policy: RetryPolicy(attempts: 3, exceptExitCodes: [2]),
            outcome: .failed(exitCode: nil, reason: "could not start"), attempt: 1, retryAfter: 10),
        RetryCase(
            name: "a fail_on exit is never retried, whatever the policy", policy: RetryPolicy(attempts: 5, on: [.failure, .timeout]),
            outcome: .gaveUp(exitCode: 3, reason: "hopeless"), attempt: 1, retryAfter: nil),
        RetryCase(name: "on [timeout] does not retry failures", policy: RetryPolicy(attempts: 3, on: [.timeout]), outcome: failure, attempt: 1, retryAfter: nil),
        RetryCase(name: "on [timeout] retries timeouts", policy: RetryPolicy(attempts: 3, on: [.timeout]), outcome: timeout, attempt: 1, retryAfter: 10),
        RetryCase(name: "on [failure] does not retry timeouts", policy: RetryPolicy(attempts: 3, on: [.failure]), outcome: timeout, attempt: 1, retryAfter: nil),
        RetryCase(name: "on [] retries nothing", policy: RetryPolicy(attempts: 3, on: []), outcome: failure, attempt: 1, retryAfter: nil),
        RetryCase(
            name: "backoff grows by factor", policy: RetryPolicy(attempts: 5, backoff: .seconds(4), factor: 3, maxBackoff: .seconds(1_000)),
            outcome: failure, attempt: 3, retryAfter: 36),
        RetryCase(
            name: "backoff is capped by max_backoff", policy: RetryPolicy(attempts: 5, backoff: .seconds(10), factor: 3, maxBackoff: .seconds(60)),
            outcome: failure, attempt: 3, retryAfter: 60),
        RetryCase(
            name: "a fractional backoff keeps its milliseconds", policy: RetryPolicy(attempts: 3, backoff: .milliseconds(1_500), factor: 1.5),
            outcome: failure, attempt: 2, retryAfter: 2.25),
        RetryCase(
            name: "after a resume the budget starts again", policy: RetryPolicy(attempts: 2), outcome: failure, attempt: 4, budgetBase: 3,
            retryAfter: 10),
        RetryCase(
            name: "the fresh budget after a resume runs out too", policy: RetryPolicy(attempts: 2), outcome: failure, attempt: 5, budgetBase: 3,
            retryAfter: nil),
    ]

    @Test("a failed attempt is retried only when the policy and the budget allow", arguments: retryCases)
    func retryDecision(_ example: RetryCase) {
        let step = Fixtures.run("a", retry: example.policy)
        var state = StepState()
        state.status = .running
        state.attempts = example.attempt
        state.budgetBase = example.budgetBase
        let now = Fixtures.time(100)
        let events = example.outcome.events(step: step, state: state, attempt: example.attempt, now: now)

        #expect(events.count == (example.retryAfter == nil ? 1 : 2))
        #expect(events.first?.type == (example.outcome.isTimeout ? "step.timed_out" : "step.failed"))
        #expect(events.first?.attempt == example.attempt)
        let retry = events.dropFirst().first
        if let after = example.retryAfter {
            #expect(retry == .stepRetryScheduled(StepRetryScheduled(step: "a", attempt: example.attempt + 1, retryAt: now.addingTimeInterval(after))))
        } else {
            #expect(retry == nil)
        }
    }

    @Test("a success is recorded alone, with its exit code, outputs and note")
    func success() {
        let step = Fixtures.run("a", retry: RetryPolicy(attempts: 3))
        let events = AttemptOutcome.succeeded(exitCode: 0, outputs: ["NSG_NAME": "nsg-1"], note: "reused").events(
            step: step, state: StepState(), attempt: 2, now: Fixtures.t0)
        #expect(events == [.stepSucceeded(StepSucceeded(step: "a", attempt: 2, exitCode: 0, outputs: ["NSG_NAME": "nsg-1"], note: "reused"))])
    }

    @Test("a failure records its exit code and reason")
    func failureEvent() {
        let events = AttemptOutcome.failed(exitCode: 127, reason: "command not found").events(
            step: Fixtures.run("a"), state: StepState(), attempt: 1, now: Fixtures.t0)
        #expect(events == [.stepFailed(StepFailed(step: "a", attempt: 1, exitCode: 127, reason: "command not found"))])
    }

    @Test("a timeout records whether it was idle and after how long, in the file notation")
    func timeoutEvent() {
        let events = AttemptOutcome.timedOut(idle: true, after: .seconds(90)).events(
            step: Fixtures.run("a"), state: StepState(), attempt: 1, now: Fixtures.t0)
        #expect(events == [.stepTimedOut(StepTimedOut(step: "a", attempt: 1, idle: true, after: "1m30s"))])
    }

    @Test("retryAt is an absolute time: now plus the delay")
    func retryAtIsAbsolute() {
        let step = Fixtures.run("a", retry: RetryPolicy(attempts: 2, backoff: .seconds(30)))
        for now in [Fixtures.t0, Fixtures.time(1_000), Fixtures.time(86_400)] {
            let events = Self.failure.events(step: step, state: StepState(), attempt: 1, now: now)
            #expect(events.last == .stepRetryScheduled(StepRetryScheduled(step: "a", attempt: 2, retryAt: now.addingTimeInterval(30))))
        }
    }

    @Test("a budget of n attempts gives exactly n - 1 retries when every attempt fails", arguments: 1...5)
    func budgetExhausts(attempts: Int) {
        let workflow = Fixtures.workflow(Fixtures.run("a", retry: RetryPolicy(attempts: attempts, backoff: .seconds(1), factor: 1)))
        var log = EventLog.started()
        var now = Fixtures.t0
        var started = 0
        while case let .start(id, attempt, _)? = decide(log.state, workflow, now: now, maxParallel: 1).commands.first {
            log.start(id, attempt: attempt, at: now)
            started += 1
            for event in Self.failure.events(step: workflow.steps[0], state: log.state.step(id), attempt: attempt, now: now) {
                log.append(event, at: now)
            }
            now = log.state.step(id).retryAt ?? now
        }
        #expect(started == attempts)
        #expect(log.state.step("a").status == .failed)
        #expect(decide(log.state, workflow, now: now, maxParallel: 1).commands == [.finish(.failed(step: "a", reason: "exit 1"))])
    }

    // MARK: Retry policy

    @Test("the delay before each retry grows by factor up to max_backoff")
    func delayTable() {
        let policy = RetryPolicy(attempts: 10, backoff: .seconds(10), factor: 2, maxBackoff: .seconds(300))
        #expect((1...7).map { policy.delay(after: $0) } == [10, 20, 40, 80, 160, 300, 300].map { Duration.seconds($0) })
        #expect(RetryPolicy(backoff: .seconds(10), factor: 1).delay(after: 5) == .seconds(10))
        #expect(policy.delay(after: 0) == .seconds(10), "an out-of-range attempt uses the base backoff")
    }

    @Test("the default policy tries once, on failures and timeouts")
    func defaultPolicy() {
        let policy = RetryPolicy()
        #expect(policy.attempts == 1)
        #expect(policy.on == [.failure, .timeout])
        #expect(policy.allows(.failure, exitCode: 1))
        #expect(policy.allows(.timeout, exitCode: nil))
        #expect(!RetryPolicy(exceptExitCodes: [2]).allows(.failure, exitCode: 2))
    }
}

extension AttemptOutcome {
    fileprivate var isTimeout: Bool {
        if case .timedOut = self { return true }
        return false
    }
}
