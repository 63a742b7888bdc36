/// The outcome of one step process: how it ended and which process group it had.
///
/// The group id is the one given to `recordStart`, returned again so the caller can record it
/// with the outcome without keeping its own copy.
public struct StepProcessResult: Sendable, Equatable {
    /// How the step ended.
    public var termination: StepTermination
    /// The step's process-group id (the guard's pid).
    public var processGroup: Int32

    /// Creates a result.
    public init(termination: StepTermination, processGroup: Int32) {
        self.termination = termination
        self.processGroup = processGroup
    }
}
