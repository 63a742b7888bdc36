import Foundation

/// A run as stored: its pinned workflow plus a summary kept up to date with its events.
///
/// The summary (`status`, `finishedAt`, `lastSeq`, `updatedAt`) is written in the same transaction
/// as the events that change it, so the history can be listed without replaying every run.
public struct StoredRun: Sendable, Equatable {
    /// The run's id.
    public var id: String
    /// The workflow's name.
    public var workflow: String
    /// The path of the workflow file the run was started from.
    public var workflowPath: String
    /// The pinned workflow definition's YAML text.
    public var definition: String
    /// The hash of `definition`.
    public var definitionHash: String
    /// The run's parameters as JSON object text.
    public var params: String
    /// When the run was created.
    public var createdAt: Date
    /// The run's status as the engine last summarised it, such as `running` or `succeeded`.
    public var status: String
    /// When the run finished, if it has.
    public var finishedAt: Date?
    /// The sequence number of the run's last event; 0 when it has none.
    public var lastSeq: Int
    /// The time of the run's last event (its creation time before any event).
    public var updatedAt: Date

    /// Makes a stored run; the store builds these from its rows, tests build them to compare.
    public init(
        id: String, workflow: String, workflowPath: String, definition: String, definitionHash: String,
        params: String, createdAt: Date, status: String, finishedAt: Date?, lastSeq: Int, updatedAt: Date
    ) {
        self.id = id
        self.workflow = workflow
        self.workflowPath = workflowPath
        self.definition = definition
        self.definitionHash = definitionHash
        self.params = params
        self.createdAt = createdAt
        self.status = status
        self.finishedAt = finishedAt
        self.lastSeq = lastSeq
        self.updatedAt = updatedAt
    }
}
