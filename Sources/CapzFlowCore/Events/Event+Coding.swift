import Foundation

/// The stable text form of events: a type name and a JSON object, as the store keeps them.
///
/// Type names and payload field names are part of the audit contract (`events --json`);
/// renaming one would make old runs unreadable, so they are spelled out here once.
extension Event {
    /// The event's type name, for example `step.retry_scheduled`.
    public var type: String {
        switch self {
        case .runStarted: "run.started"
        case .runResumed: "run.resumed"
        case .runReloaded: "run.reloaded"
        case .runSucceeded: "run.succeeded"
        case .runFailed: "run.failed"
        case .runInterrupted: "run.interrupted"
        case .runCancelled: "run.cancelled"
        case .stepStarted: "step.started"
        case .stepSucceeded: "step.succeeded"
        case .stepFailed: "step.failed"
        case .stepTimedOut: "step.timed_out"
        case .stepRetryScheduled: "step.retry_scheduled"
        case .stepSkipped: "step.skipped"
        case .stepInterrupted: "step.interrupted"
        case .stepReset: "step.reset"
        case .serviceStarted: "service.started"
        case .signalReceived: "signal.received"
        case .leaseTakenOver: "lease.taken_over"
        }
    }

    /// The step the event is about, if any.
    public var step: String? {
        switch self {
        case let .stepStarted(e): e.step
        case let .stepSucceeded(e): e.step
        case let .stepFailed(e): e.step
        case let .stepTimedOut(e): e.step
        case let .stepRetryScheduled(e): e.step
        case let .stepSkipped(e): e.step
        case let .stepInterrupted(e): e.step
        case let .stepReset(e): e.step
        case let .serviceStarted(e): e.step
        case let .runFailed(e): e.step
        case .runStarted, .runResumed, .runReloaded, .runSucceeded, .runInterrupted, .runCancelled,
            .signalReceived, .leaseTakenOver:
            nil
        }
    }

    /// The attempt the event is about, if any.
    public var attempt: Int? {
        switch self {
        case let .stepStarted(e): e.attempt
        case let .stepSucceeded(e): e.attempt
        case let .stepFailed(e): e.attempt
        case let .stepTimedOut(e): e.attempt
        case let .stepRetryScheduled(e): e.attempt
        case let .stepInterrupted(e): e.attempt
        case let .serviceStarted(e): e.attempt
        case .runStarted, .runResumed, .runReloaded, .runSucceeded, .runFailed, .runInterrupted,
            .runCancelled, .stepSkipped, .stepReset, .signalReceived, .leaseTakenOver:
            nil
        }
    }

    /// The payload as a JSON object with snake_case keys.
    public func payloadJSON() -> String {
        let encoder = EventJSON.encoder
        let data: Data?
        switch self {
        case let .runStarted(e): data = try? encoder.encode(e)
        case let .runResumed(e): data = try? encoder.encode(e)
        case let .runReloaded(e): data = try? encoder.encode(e)
        case let .runSucceeded(e): data = try? encoder.encode(e)
        case let .runFailed(e): data = try? encoder.encode(e)
        case let .runInterrupted(e): data = try? encoder.encode(e)
        case let .runCancelled(e): data = try? encoder.encode(e)
        case let .stepStarted(e): data = try? encoder.encode(e)
        case let .stepSucceeded(e): data = try? encoder.encode(e)
        case let .stepFailed(e): data = try? encoder.encode(e)
        case let .stepTimedOut(e): data = try? encoder.encode(e)
        case let .stepRetryScheduled(e): data = try? encoder.encode(e)
        case let .stepSkipped(e): data = try? encoder.encode(e)
        case let .stepInterrupted(e): data = try? encoder.encode(e)
        case let .stepReset(e): data = try? encoder.encode(e)
        case let .serviceStarted(e): data = try? encoder.encode(e)
        case let .signalReceived(e): data = try? encoder.encode(e)
        case let .leaseTakenOver(e): data = try? encoder.encode(e)
        }
        // Encoding plain structs of strings, numbers and dates cannot fail.
        return String(decoding: data ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Rebuilds an event from its type name and payload.
    ///
    /// - Throws: `EventDecodingError` when the type is unknown (a newer capzflow wrote it) or
    ///   the payload does not fit it.
    public static func decode(type: String, payload: String) throws(EventDecodingError) -> Event {
        let data = Data(payload.utf8)
        func read<T: Decodable>(_ kind: T.Type) throws(EventDecodingError) -> T {
            do {
                return try EventJSON.decoder.decode(kind, from: data)
            } catch {
                throw EventDecodingError(type: type, reason: "\(error)")
            }
        }
        switch type {
        case "run.started": return .runStarted(try read(RunStarted.self))
        case "run.resumed": return .runResumed(try read(RunResumed.self))
        case "run.reloaded": return .runReloaded(try read(RunReloaded.self))
        case "run.succeeded": return .runSucceeded(try read(RunSucceeded.self))
        case "run.failed": return .runFailed(try read(RunFailed.self))
        case "run.interrupted": return .runInterrupted(try read(RunInterrupted.self))
        case "run.cancelled": return .runCancelled(try read(RunCancelled.self))
        case "step.started": return .stepStarted(try read(StepStarted.self))
        case "step.succeeded": return .stepSucceeded(try read(StepSucceeded.self))
        case "step.failed": return .stepFailed(try read(StepFailed.self))
        case "step.timed_out": return .stepTimedOut(try read(StepTimedOut.self))
        case "step.retry_scheduled": return .stepRetryScheduled(try read(StepRetryScheduled.self))
        case "step.skipped": return .stepSkipped(try read(StepSkipped.self))
        case "step.interrupted": return .stepInterrupted(try read(StepInterrupted.self))
        case "step.reset": return .stepReset(try read(StepReset.self))
        case "service.started": return .serviceStarted(try read(ServiceStarted.self))
        case "signal.received": return .signalReceived(try read(SignalReceived.self))
        case "lease.taken_over": return .leaseTakenOver(try read(LeaseTakenOver.self))
        default: throw EventDecodingError(type: type, reason: "unknown event type; was this run written by a newer capzflow?")
        }
    }
}

/// An event in the log that this build cannot read.
public struct EventDecodingError: Error, Equatable, CustomStringConvertible {
    public var type: String
    public var reason: String

    public var description: String { "cannot read event '\(type)': \(reason)" }
}

/// The one JSON configuration for event payloads: snake_case keys, UTC times with milliseconds.
public enum EventJSON {
    /// Formats times as RFC 3339 in UTC with milliseconds (`2026-11-25T12:00:00.123Z`),
    /// rounded to the nearest millisecond so that reading the text back gives the same time.
    public static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1_000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1_000)
        let whole = fraction < 0 ? (seconds - 1, fraction + 1_000) : (seconds, fraction)
        let base = Date(timeIntervalSince1970: Double(whole.0))
            .formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
        // `base` ends in "Z"; the milliseconds go before it.
        return String(base.dropLast()) + "." + String(1_000 + whole.1).dropFirst() + "Z"
    }

    /// Reads a time written by `timestamp(_:)`, to the millisecond.
    public static func parseTimestamp(_ text: String) -> Date? {
        guard let parsed = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) else { return nil }
        return Date(timeIntervalSince1970: (parsed.timeIntervalSince1970 * 1_000).rounded() / 1_000)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseTimestamp(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return date
        }
        return decoder
    }()
}
