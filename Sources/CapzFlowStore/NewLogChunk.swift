import Foundation

/// A batch of a step's output lines to store.
///
/// Output is stored in batches, not line by line, so a chatty step costs few transactions; it is
/// kept apart from the event log because it is large and never needed to rebuild a run's state.
public struct NewLogChunk: Sendable, Equatable {
    /// The step that printed the lines.
    public var step: String
    /// The attempt of that step.
    public var attempt: Int
    /// When the batch was captured.
    public var at: Date
    /// One or more output lines joined by "\n", with no trailing newline; already redacted.
    public var text: String

    /// Makes a batch of output lines to store.
    public init(step: String, attempt: Int, at: Date, text: String) {
        self.step = step
        self.attempt = attempt
        self.at = at
        self.text = text
    }
}
