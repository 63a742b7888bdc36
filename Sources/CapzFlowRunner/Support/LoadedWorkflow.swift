import CapzFlowCore

/// A workflow file read and parsed once: what `run` checks before it writes anything is
/// exactly what the run then pins, with no second read that could see an edited file.
public struct LoadedWorkflow: Sendable {
    /// The path the file was read from, as given.
    public let path: String
    /// The file's text, stored with the run and hashed into its definition hash.
    public let text: String
    /// The parsed workflow.
    public let workflow: Workflow
}
