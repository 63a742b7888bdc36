/// Folds one event into the run state: pure, total, and the only way state changes.
///
/// One router, no `default:`: a new `Event` case does not compile until it is handled. The
/// handlers live with their concern in `Evolve+Run.swift`, `Evolve+Step.swift` and
/// `Evolve+Lease.swift`.
public func evolve(_ state: RunState, _ recorded: RecordedEvent) -> RunState {
    var next = state
    next.lastSeq = recorded.seq
    let at = recorded.at
    switch recorded.event {
    case let .runStarted(e): next.applyRunStarted(e, at: at)
    case let .runResumed(e): next.applyRunResumed(e)
    case let .runReloaded(e): next.definitionHash = e.definitionHash
    case .runSucceeded: next.finish(.succeeded, at: at, reason: nil)
    case let .runFailed(e): next.applyRunFailed(e, at: at)
    case let .runInterrupted(e): next.applyRunInterrupted(e, at: at)
    case let .runCancelled(e): next.applyRunCancelled(e, at: at)
    case let .stepStarted(e): next.applyStepStarted(e, at: at)
    case let .stepSucceeded(e): next.applyStepSucceeded(e, at: at)
    case let .stepFailed(e): next.applyStepFailed(e, at: at)
    case let .stepTimedOut(e): next.applyStepTimedOut(e, at: at)
    case let .stepRetryScheduled(e): next.applyRetryScheduled(e)
    case let .stepSkipped(e): next.applyStepSkipped(e, at: at)
    case let .stepInterrupted(e): next.applyStepInterrupted(e, at: at)
    case let .stepReset(e): next.applyStepReset(e)
    case let .serviceStarted(e): next.steps[e.step, default: StepState()].service = e
    case let .signalReceived(e): next.signals.insert(e.name)
    case .leaseTakenOver: next.applyLeaseTakenOver(at: at)
    }
    return next
}
