import Foundation

/// What the events say about one step.
public struct StepState: Sendable, Equatable {
    public var status: StepStatus = .pending
    /// Attempts started so far, over the whole life of the run.
    public var attempts: Int = 0
    /// Attempts that count against the retry budget start after this many; a `resume` of a
    /// failed step gives it a fresh budget by moving this up.
    public var budgetBase: Int = 0
    public var exitCode: Int32?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The process group of the running attempt, to terminate if it was left behind.
    public var processGroup: Int32?
    /// When the running (or interrupted) `wait`/`await` attempt gives up.
    public var deadline: Date?
    /// When the next attempt may start, while `retrying`.
    public var retryAt: Date?
    /// The detached process of a `service` step.
    public var service: ServiceStarted?
    /// Why the step failed, was skipped or was interrupted, for people.
    public var reason: String?

    public init() {}

    /// Attempts used from the current budget.
    public var budgetUsed: Int { attempts - budgetBase }

    /// The status `status --json` reports: the fold's status, with steps that wait on time or
    /// on the world shown as `waiting`.
    public func displayStatus(for step: Step?) -> String {
        switch status {
        case .retrying: return "waiting"
        case .running where step?.action.isWaiting == true: return "waiting"
        default: return status.rawValue
        }
    }
}
