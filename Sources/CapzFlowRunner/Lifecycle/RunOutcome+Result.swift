import CapzFlowCore

/// How a `run` or `resume` ended, for the CLI's summary and exit code.
public struct RunResult: Sendable {
    public var runId: String
    public var workflow: Workflow
    public var state: RunState
    /// The signal that interrupted the runner, if one did.
    public var signal: String?
    /// Why nothing ran (for example, a `resume` of a run that already succeeded).
    public var nothingToDo: String?

    public init(runId: String, workflow: Workflow, state: RunState, signal: String? = nil, nothingToDo: String? = nil) {
        self.runId = runId
        self.workflow = workflow
        self.state = state
        self.signal = signal
        self.nothingToDo = nothingToDo
    }
}
