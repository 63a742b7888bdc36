import Foundation

/// One event as it is stored in a run's log, with the sequence number the store gave it.
///
/// Replaying a run's stored events in `seq` order rebuilds its state; `seq` is 1, 2, 3, … with no
/// gaps, so a reader can tell it has seen every event.
public struct StoredEvent: Sendable, Equatable {
    /// The run the event belongs to.
    public var runId: String
    /// The event's place in the run's log, starting at 1.
    public var seq: Int
    /// When the event happened, to the millisecond.
    public var at: Date
    /// The event's type name, as the writer gave it.
    public var type: String
    /// The step the event concerns, if any.
    public var step: String?
    /// The attempt number of that step, if any.
    public var attempt: Int?
    /// The event's fields as JSON object text.
    public var payload: String

    /// Makes a stored event; the store builds these from its rows, tests build them to compare.
    public init(
        runId: String, seq: Int, at: Date, type: String, step: String? = nil, attempt: Int? = nil,
        payload: String = "{}"
    ) {
        self.runId = runId
        self.seq = seq
        self.at = at
        self.type = type
        self.step = step
        self.attempt = attempt
        self.payload = payload
    }
}
