import Foundation

/// A stored batch of a step's output lines.
///
/// `id` grows with every batch stored in the database and is never reused, so a reader that
/// follows a run's output asks for the chunks after the last `id` it has shown.
public struct StoredLogChunk: Sendable, Equatable {
    /// The chunk's id, increasing in the order chunks were stored.
    public var id: Int64
    /// The run the output belongs to.
    public var runId: String
    /// The step that printed the lines.
    public var step: String
    /// The attempt of that step.
    public var attempt: Int
    /// When the batch was captured, to the millisecond.
    public var at: Date
    /// The lines joined by "\n", with no trailing newline.
    public var text: String

    /// Makes a stored chunk; the store builds these from its rows, tests build them to compare.
    public init(id: Int64, runId: String, step: String, attempt: Int, at: Date, text: String) {
        self.id = id
        self.runId = runId
        self.step = step
        self.attempt = attempt
        self.at = at
        self.text = text
    }
}
