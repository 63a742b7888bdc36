import Foundation

/// Times as capzflow's JSON writes them: RFC 3339 with milliseconds.
enum Timestamp {
    /// Whether `text` is an RFC 3339 time with exactly three fractional digits.
    static func hasMilliseconds(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})/) != nil
    }

    /// The moment `text` names, if it is an RFC 3339 time with fractional seconds.
    static func parse(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
