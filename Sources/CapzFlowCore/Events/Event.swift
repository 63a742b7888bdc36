import Foundation

/// Something that happened to a run; the only input to `evolve`.
///
/// Events are facts, recorded before the runner acts on them, and never rewritten. Each case
/// carries a small payload value; `Event+Coding.swift` gives each its stable type name
/// (`step.retry_scheduled`) and its JSON form.
public enum Event: Sendable, Equatable {
    case runStarted(RunStarted)
    case runResumed(RunResumed)
    case runReloaded(RunReloaded)
    case runSucceeded(RunSucceeded)
    case runFailed(RunFailed)
    case runInterrupted(RunInterrupted)
    case runCancelled(RunCancelled)
    case stepStarted(StepStarted)
    case stepSucceeded(StepSucceeded)
    case stepFailed(StepFailed)
    case stepTimedOut(StepTimedOut)
    case stepRetryScheduled(StepRetryScheduled)
    case stepSkipped(StepSkipped)
    case stepInterrupted(StepInterrupted)
    case stepReset(StepReset)
    case serviceStarted(ServiceStarted)
    case signalReceived(SignalReceived)
    case leaseTakenOver(LeaseTakenOver)
}

/// An event as the log holds it: its place in the run's sequence and when it happened.
public struct RecordedEvent: Sendable, Equatable {
    /// 1, 2, 3… per run, with no gaps.
    public var seq: Int
    /// When the event happened (UTC); `evolve` takes time from here, never from a clock.
    public var at: Date
    public var event: Event

    public init(seq: Int, at: Date, event: Event) {
        self.seq = seq
        self.at = at
        self.event = event
    }
}
