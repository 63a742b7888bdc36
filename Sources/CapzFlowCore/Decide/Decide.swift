import Foundation

/// Says what to do next for a run: pure, given the state, the pinned workflow and the time.
///
/// Steps start in file order once everything they need is done, at most `maxParallel` at a
/// time (`await` steps do not take a slot). Once a step has failed for good no new step
/// starts, and the run fails when nothing is left running.
///
/// - Parameter explaining: whether to say in `holds` why each other step waits. Only `status`
///   shows them; the runner decides after every transition and leaves them out (for a long
///   workflow they were most of the work).
public func decide(_ state: RunState, _ workflow: Workflow, now: Date, maxParallel: Int, explaining: Bool = true) -> Decision {
    var decision = Decision()
    guard state.status == .running else { return decision }

    // Each step's state, read once: the loops below run for every transition of the run.
    let states = workflow.steps.map { state.step($0.id) }
    var running = 0
    var waiting = false
    var failed: Step?
    for (step, current) in zip(workflow.steps, states) {
        if current.status == .running {
            if isAwait(step) { waiting = true } else { running += 1 }
        }
        if failed == nil, current.status == .failed { failed = step }
    }
    let working = running > 0

    for (step, current) in zip(workflow.steps, states) {
        switch current.status {
        case .succeeded, .skipped, .failed:
            continue
        case .running:
            guard case let .await(signal) = step.action else { continue }
            if state.signals.contains(signal) {
                decision.commands.append(.completeAwait(step: step.id, attempt: current.attempts))
            } else if let deadline = current.deadline, deadline <= now {
                decision.commands.append(.expireAwait(step: step.id, attempt: current.attempts))
            } else {
                if explaining { decision.holds[step.id] = .awaitingSignal(signal, until: current.deadline) }
                if let deadline = current.deadline { decision.wake(at: deadline) }
            }
        case .pending, .interrupted, .cancelled, .retrying:
            if failed != nil {
                if explaining { decision.holds[step.id] = .runFailing }
                continue
            }
            if step.needs.contains(where: { !state.step($0).status.isDone }) {
                if explaining { decision.holds[step.id] = .needs(step.needs.filter { !state.step($0).status.isDone }) }
                continue
            }
            if current.status == .retrying, let retryAt = current.retryAt, retryAt > now {
                if explaining { decision.holds[step.id] = .backoff(until: retryAt) }
                decision.wake(at: retryAt)
                continue
            }
            if !isAwait(step) {
                guard running < maxParallel else {
                    if explaining { decision.holds[step.id] = .parallelLimit }
                    continue
                }
                running += 1
            }
            decision.commands.append(
                .start(step: step.id, attempt: current.attempts + 1, deadline: deadline(for: step, current, now: now)))
        }
    }

    if decision.commands.isEmpty, !working {
        if let failed {
            // Awaits are only waiting; a failed run need not wait for them to time out.
            let reason = state.step(failed.id).reason ?? "failed"
            decision.commands.append(.finish(.failed(step: failed.id, reason: reason)))
            decision.holds = [:]
            decision.wakeAt = nil
        } else if !waiting, states.allSatisfy(\.status.isDone) {
            decision.commands.append(.finish(.succeeded))
        }
    }
    return decision
}

private func isAwait(_ step: Step) -> Bool {
    if case .await = step.action { return true }
    return false
}

/// The absolute deadline of a `wait` or `await` attempt: an interrupted attempt keeps its
/// own, so a crash never buys a poll more time; otherwise `now` plus the step's timeout.
private func deadline(for step: Step, _ current: StepState, now: Date) -> Date? {
    let limit: Duration
    switch step.action {
    case .run, .service: return nil
    case let .wait(_, _, timeout, _): limit = timeout
    case .await: limit = step.timeout
    }
    if current.status == .interrupted, let kept = current.deadline { return kept }
    return now.addingTimeInterval(limit.timeInterval)
}

extension Duration {
    /// The duration in seconds, as Foundation's `TimeInterval`.
    public var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
