import Foundation

// How run-level events change the state.
extension RunState {
    mutating func applyRunStarted(_ e: RunStarted, at: Date) {
        status = .running
        workflow = e.workflow
        definitionHash = e.definitionHash
        params = e.params
        startedAt = at
    }

    /// A resume opens the run again: failed and cancelled steps become ready with a fresh
    /// retry budget; interrupted ones stay interrupted and start as a new attempt.
    mutating func applyRunResumed(_ e: RunResumed) {
        status = .running
        finishedAt = nil
        reason = nil
        failedStep = nil
        for (id, step) in steps where step.status == .failed || step.status == .cancelled {
            steps[id]?.status = .pending
            steps[id]?.budgetBase = step.attempts
        }
    }

    /// A failed run stops waiting: `await` steps still open are cancelled (a resume gives
    /// them a fresh deadline) and steps in a retry backoff go back to pending.
    mutating func applyRunFailed(_ e: RunFailed, at: Date) {
        for id in runningSteps {
            steps[id]?.status = .cancelled
            steps[id]?.finishedAt = at
        }
        for (id, step) in steps where step.status == .retrying {
            steps[id]?.status = .pending
            steps[id]?.retryAt = nil
        }
        failedStep = e.step
        finish(.failed, at: at, reason: e.reason)
    }

    mutating func applyRunInterrupted(_ e: RunInterrupted, at: Date) {
        for id in runningSteps { interrupt(id, at: at, reason: e.reason) }
        finish(.interrupted, at: at, reason: e.reason)
    }

    /// Cancelling stops everything that has not finished; the runner tears down what runs.
    mutating func applyRunCancelled(_ e: RunCancelled, at: Date) {
        for (id, step) in steps where [.running, .retrying].contains(step.status) {
            steps[id]?.status = .cancelled
            steps[id]?.finishedAt = at
            steps[id]?.retryAt = nil
        }
        finish(.cancelled, at: at, reason: "cancelled by \(e.by)")
    }

    mutating func finish(_ outcome: RunStatus, at: Date, reason: String?) {
        status = outcome
        finishedAt = at
        self.reason = reason
    }
}
