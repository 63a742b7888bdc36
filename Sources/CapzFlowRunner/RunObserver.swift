import CapzFlowCore

/// Receives what a run does as it happens, so the CLI can show progress.
///
/// The runner never prints; it reports here. Calls come from several tasks, in the order the
/// events became durable.
public protocol RunObserver: Sendable {
    /// The runner holds the run and is about to drive it.
    func opened(runId: String, workflow: Workflow, resumed: Bool)
    /// Something the person running capzflow should know that is not an event (a changed
    /// workflow file, a cleaned-up leftover process).
    func notice(_ message: String)
    /// An event was appended to the log; `state` is the run state after it.
    func recorded(_ event: RecordedEvent, state: RunState)
    /// A step attempt printed these lines (already redacted).
    func output(step: String, attempt: Int, lines: [String])
}
