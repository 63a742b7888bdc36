import Foundation

/// One command a simulated tool answered: a line of the world's transcript, `calls.jsonl`.
///
/// The transcript is what a user reviews before running for real, so `argv` is exactly what
/// the tool received (without its own name) and `step`/`attempt` say which workflow step issued it.
public struct SimCall: Sendable, Codable, Equatable {
    /// When the call started (real time).
    public var time: Date
    /// The tool's name: `az`, `kubectl`, `make`, …
    public var tool: String
    /// The arguments, without the tool's name.
    public var argv: [String]
    /// The exit code the tool answered with (128 + N when signal N ended it).
    public var exit: Int32
    /// `$CAPZFLOW_STEP` of the caller; nil outside a workflow step.
    public var step: String?
    /// `$CAPZFLOW_ATTEMPT` of the caller; nil outside a workflow step.
    public var attempt: Int?

    /// A call record.
    public init(time: Date, tool: String, argv: [String], exit: Int32, step: String?, attempt: Int?) {
        self.time = time
        self.tool = tool
        self.argv = argv
        self.exit = exit
        self.step = step
        self.attempt = attempt
    }

    /// The call as one transcript line (JSON, no newline), keys in the documented order.
    var transcriptLine: String {
        let object = JSONObject([
            ("time", .string(Self.timestamp(time))),
            ("tool", .string(tool)),
            ("argv", .strings(argv)),
            ("exit", .int(Int(exit))),
            ("step", .optional(step)),
            ("attempt", attempt.map { .int($0) } ?? .null),
        ])
        return JSONText.render(.object(object), style: .compact)
    }

    /// Reads a transcript line.
    static func parse(line: String) throws(JSONParser.Failure) -> SimCall {
        let value = try JSONParser.parse(line)
        guard let timeText = value["time"].stringValue, let time = parseTimestamp(timeText),
            let tool = value["tool"].stringValue, let argv = value["argv"].arrayValue,
            let exit = value["exit"].intValue
        else {
            throw JSONParser.Failure(message: "missing time, tool, argv or exit")
        }
        return SimCall(
            time: time, tool: tool, argv: argv.compactMap(\.stringValue), exit: Int32(exit),
            step: value["step"].stringValue, attempt: value["attempt"].intValue)
    }

    /// RFC 3339 UTC with milliseconds: `2026-05-01T10:00:00.123Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static func parseTimestamp(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
