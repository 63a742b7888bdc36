import Foundation

/// How one attempt of a step ended, as the runner observed it.
public enum AttemptOutcome: Sendable, Equatable {
    case succeeded(exitCode: Int32?, outputs: [String: String], note: String?)
    /// `outputMatched`: whether the output matched the retry policy's `if_output` pattern.
    case failed(exitCode: Int32?, reason: String, outputMatched: Bool = true)
    /// A `fail_on` exit code said the condition will never hold: failed, and never retried.
    case gaveUp(exitCode: Int32, reason: String)
    case timedOut(idle: Bool, after: Duration)

    /// The events that record this outcome: the attempt's end, then — when the retry policy
    /// and the budget allow — the next attempt's absolute start time. Pure, so the runner
    /// and the tests agree on when a retry happens.
    public func events(step: Step, state: StepState, attempt: Int, now: Date) -> [Event] {
        var events: [Event] = []
        let trigger: RetryPolicy.Trigger
        let exitCode: Int32?
        var matched = true
        switch self {
        case let .succeeded(code, outputs, note):
            return [.stepSucceeded(StepSucceeded(step: step.id, attempt: attempt, exitCode: code, outputs: outputs, note: note))]
        case let .failed(code, reason, outputMatched):
            events.append(.stepFailed(StepFailed(step: step.id, attempt: attempt, exitCode: code, reason: reason)))
            trigger = .failure
            exitCode = code
            matched = outputMatched
        case let .gaveUp(code, reason):
            return [.stepFailed(StepFailed(step: step.id, attempt: attempt, exitCode: code, reason: reason))]
        case let .timedOut(idle, after):
            events.append(.stepTimedOut(StepTimedOut(step: step.id, attempt: attempt, idle: idle, after: DurationText.format(after))))
            trigger = .timeout
            exitCode = nil
        }
        let used = attempt - state.budgetBase
        if used < step.retry.attempts, step.retry.allows(trigger, exitCode: exitCode, outputMatched: matched) {
            let retryAt = now.addingTimeInterval(step.retry.delay(after: used).timeInterval)
            events.append(.stepRetryScheduled(StepRetryScheduled(step: step.id, attempt: attempt + 1, retryAt: retryAt)))
        }
        return events
    }
}
