import Foundation

/// One event a writer wants appended to a run's log.
///
/// The store does not know the engine's event enum: the caller encodes each event as a type name
/// plus a JSON object, so the store's schema never has to change when a new kind of event appears,
/// and an old binary can still list and show runs written by a newer one.
public struct NewEvent: Sendable, Equatable {
    /// When the event happened, as the caller's clock saw it.
    ///
    /// - Important: The store keeps times to the millisecond (UTC). A writer that evolves its
    ///   in-memory state from the value it appends should round `at` the same way, so that
    ///   replaying the stored log gives exactly the state it had.
    public var at: Date
    /// The event's type name, such as `step.started`; the engine maps it back to its enum case.
    public var type: String
    /// The step the event concerns, if any; stored in its own column so audits can filter on it.
    public var step: String?
    /// The attempt number of that step, if any.
    public var attempt: Int?
    /// The event's fields as JSON object text, already redacted by the caller.
    ///
    /// - Important: Secrets must be replaced before the event reaches the store: the log is
    ///   append-only, so nothing written here can be scrubbed later.
    public var payload: String

    /// Makes an event to append; `payload` must be JSON object text (`{}` when there are no fields).
    public init(at: Date, type: String, step: String? = nil, attempt: Int? = nil, payload: String = "{}") {
        self.at = at
        self.type = type
        self.step = step
        self.attempt = attempt
        self.payload = payload
    }
}
