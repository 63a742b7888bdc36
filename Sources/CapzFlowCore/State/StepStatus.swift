/// Where a step stands in the fold of its run's events.
///
/// `status` shows `retrying` — and a started `wait` or `await` step — as `waiting`; see
/// `StepState.displayStatus(for:)`.
public enum StepStatus: String, Codable, Sendable, CaseIterable {
    case pending, running, retrying, succeeded, skipped, failed, interrupted, cancelled

    /// Whether the step's work is done, so steps that need it may start.
    public var isDone: Bool { self == .succeeded || self == .skipped }
}
