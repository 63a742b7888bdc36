import Foundation

// How step events change the state.
extension RunState {
    mutating func applyStepStarted(_ e: StepStarted, at: Date) {
        var step = self.step(e.step)
        step.status = .running
        step.attempts = max(step.attempts, e.attempt)
        step.startedAt = at
        step.finishedAt = nil
        step.exitCode = nil
        step.processGroup = e.processGroup
        step.deadline = e.deadline
        step.retryAt = nil
        step.reason = nil
        steps[e.step] = step
    }

    mutating func applyStepSucceeded(_ e: StepSucceeded, at: Date) {
        var step = self.step(e.step)
        step.status = .succeeded
        step.exitCode = e.exitCode
        step.finishedAt = at
        step.processGroup = nil
        step.deadline = nil
        step.reason = e.note
        steps[e.step] = step
        outputs.merge(e.outputs) { _, new in new }
        if let signal = e.signal { signals.remove(signal) }
    }

    mutating func applyStepFailed(_ e: StepFailed, at: Date) {
        endAttempt(e.step, at: at, exitCode: e.exitCode, reason: e.reason)
    }

    mutating func applyStepTimedOut(_ e: StepTimedOut, at: Date) {
        endAttempt(e.step, at: at, exitCode: nil, reason: (e.idle ? "no output for " : "timed out after ") + e.after)
    }

    private mutating func endAttempt(_ id: String, at: Date, exitCode: Int32?, reason: String) {
        var step = self.step(id)
        step.status = .failed
        step.exitCode = exitCode
        step.finishedAt = at
        step.processGroup = nil
        step.deadline = nil
        step.reason = reason
        steps[id] = step
    }

    mutating func applyRetryScheduled(_ e: StepRetryScheduled) {
        steps[e.step, default: StepState()].status = .retrying
        steps[e.step]?.retryAt = e.retryAt
    }

    mutating func applyStepSkipped(_ e: StepSkipped, at: Date) {
        var step = self.step(e.step)
        step.status = .skipped
        step.finishedAt = at
        step.processGroup = nil
        step.deadline = nil
        step.retryAt = nil
        step.reason = e.reason
        steps[e.step] = step
    }

    /// The attempt stopped without an outcome; its deadline is kept so a resumed `wait` or
    /// `await` continues against the same absolute time.
    mutating func applyStepInterrupted(_ e: StepInterrupted, at: Date) {
        interrupt(e.step, at: at, reason: e.reason)
    }

    /// Marks a running step interrupted, keeping its process group so that leftovers can still
    /// be found and ended. An interruption is not the step's fault, so the
    /// attempt it cut short does not count against the retry budget; a step already marked
    /// (by a takeover, then by its own `step.interrupted`) is not counted twice.
    mutating func interrupt(_ id: String, at: Date, reason: String) {
        var step = self.step(id)
        if step.status == .running { step.budgetBase += 1 }
        guard step.status == .running || step.status == .interrupted else { return }
        step.status = .interrupted
        step.finishedAt = at
        step.reason = reason
        steps[id] = step
    }

    /// `resume --from` makes a step ready again with a fresh budget; its old outputs stay
    /// until the new attempt replaces them.
    mutating func applyStepReset(_ e: StepReset) {
        var step = self.step(e.step)
        step.status = .pending
        step.budgetBase = step.attempts
        step.startedAt = nil
        step.finishedAt = nil
        step.exitCode = nil
        step.deadline = nil
        step.retryAt = nil
        step.reason = nil
        steps[e.step] = step
    }
}
