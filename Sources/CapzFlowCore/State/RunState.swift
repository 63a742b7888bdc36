import Foundation

/// Everything the events of one run say, folded by `evolve`.
///
/// A value: `evolve` returns a new one and nothing else changes it, so replaying a run's
/// events always gives the same state.
public struct RunState: Sendable, Equatable {
    public var status: RunStatus = .running
    public var workflow: String = ""
    public var definitionHash: String = ""
    public var params: [String: String] = [:]
    /// Outputs of finished steps, by name.
    public var outputs: [String: String] = [:]
    public var steps: [String: StepState] = [:]
    /// Signals delivered and not yet used up; an `await` step completes once its signal is
    /// here, and uses it up.
    public var signals: Set<String> = []
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The last folded event's sequence number.
    public var lastSeq: Int = 0
    /// Why the run failed, was interrupted or cancelled.
    public var reason: String?
    /// The step whose failure failed the run.
    public var failedStep: String?

    public init() {}

    /// The state of step `id` (pending when no event mentions it yet).
    public func step(_ id: String) -> StepState { steps[id] ?? StepState() }

    /// Steps with an attempt in flight.
    public var runningSteps: [String] { steps.filter { $0.value.status == .running }.map(\.key).sorted() }

    /// Folds a whole event list from an empty state.
    public static func replay(_ events: [RecordedEvent]) -> RunState {
        events.reduce(into: RunState()) { state, event in state = evolve(state, event) }
    }
}
