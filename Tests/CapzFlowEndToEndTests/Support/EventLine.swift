import Foundation

/// One line of `capzflow events RUN --json`, with the fields these tests look at.
struct EventLine: Decodable, Sendable, CustomStringConvertible {
    let seq: Int
    let time: String
    let type: String
    let step: String?
    let attempt: Int?
    let retryAt: String?
    let deadline: String?
    let pid: Int32?
    let startTime: UInt64?
    let idle: Bool?
    let reason: String?
    let note: String?
    let name: String?
    let exitCode: Int32?
    let processGroup: Int32?
    let previousPid: Int32?
    let outputs: [String: String]?
    let by: String?
    let source: String?
    let probeOutput: String?
    /// The line as printed.
    var text = ""

    private enum CodingKeys: String, CodingKey {
        case seq, time, type, step, attempt, retryAt, deadline, pid, startTime, idle, reason, note, name, exitCode, processGroup, previousPid, outputs, by, source, probeOutput
    }

    /// The event's time, if it parses.
    var date: Date? { Timestamp.parse(time) }

    var description: String { text }

    /// Parses every line of `events --json` output.
    static func parse(_ output: String) throws -> [EventLine] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try output.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            var event = try decoder.decode(EventLine.self, from: Data(line.utf8))
            event.text = String(line)
            return event
        }
    }
}

extension [EventLine] {
    /// The events of `type`, optionally only those of `step`.
    func of(_ type: String, step: String? = nil) -> [EventLine] {
        filter { $0.type == type && (step == nil || $0.step == step) }
    }

    /// The types in order, for failure messages and order checks.
    var types: [String] { map(\.type) }
}
