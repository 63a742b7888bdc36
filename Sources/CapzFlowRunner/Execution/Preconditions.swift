import CapzFlowCore

/// The checks made against the latest state right before an append, so that an event
/// recorded by another process in the meantime (a `skip`, a `cancel`) wins.
enum Preconditions {
    /// The step may start attempt `attempt`: the run goes on and the step is not running,
    /// done or already past that attempt.
    static func canStart(_ step: String, attempt: Int) -> @Sendable (RunState) -> Bool {
        { state in
            let current = state.step(step)
            return state.status == .running && !current.status.isDone && current.status != .running
                && current.attempts < attempt
        }
    }

    /// Attempt `attempt` of the step is the one in flight and the run goes on.
    static func isRunning(_ step: String, attempt: Int) -> @Sendable (RunState) -> Bool {
        { state in
            let current = state.step(step)
            return state.status == .running && current.status == .running && current.attempts == attempt
        }
    }

    /// The run goes on.
    static let runGoesOn: @Sendable (RunState) -> Bool = { $0.status == .running }
}
