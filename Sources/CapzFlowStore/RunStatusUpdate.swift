import Foundation

/// A new summary of a run's status, written in the same transaction as the events that change it.
///
/// The engine owns the meaning of a status; the store only keeps it beside the run so the history
/// and `status` can be shown without replaying the log. Writing it with the events means the
/// summary can never disagree with the log after a crash.
public struct RunStatusUpdate: Sendable, Equatable {
    /// The run's new status, such as `running`, `succeeded` or `failed`.
    public var status: String
    /// When the run finished, or nil while it is not finished (this clears an earlier value).
    public var finishedAt: Date?

    /// Makes a status update.
    public init(status: String, finishedAt: Date? = nil) {
        self.status = status
        self.finishedAt = finishedAt
    }
}
