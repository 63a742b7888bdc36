import Foundation

/// A run to create: the workflow it runs, pinned as it was when the run started.
///
/// Pinning the definition text, its hash and the parameters means a resume runs exactly what the
/// run started with, even if the workflow file on disk has changed since.
public struct NewRun: Sendable, Equatable {
    /// The run's id, unique in the database.
    public var id: String
    /// The workflow's name, used to filter the history.
    public var workflow: String
    /// The path of the workflow file the run was started from, to report a changed file later.
    public var workflowPath: String
    /// The workflow definition's YAML text as it was when the run started.
    public var definition: String
    /// A hash of `definition`, to notice cheaply that the file on disk differs.
    public var definitionHash: String
    /// The run's parameters (given, defaulted or generated) as JSON object text, already redacted.
    public var params: String
    /// When the run was created; the history is ordered by it, newest first.
    public var createdAt: Date

    /// Makes a run to create; `params` must be JSON object text.
    public init(
        id: String, workflow: String, workflowPath: String, definition: String, definitionHash: String,
        params: String = "{}", createdAt: Date
    ) {
        self.id = id
        self.workflow = workflow
        self.workflowPath = workflowPath
        self.definition = definition
        self.definitionHash = definitionHash
        self.params = params
        self.createdAt = createdAt
    }
}
