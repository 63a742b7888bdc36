import Foundation

/// Reads and writes durations as Go and the fault list spell them: `500ms`, `90s`, `10m`, `1h30m`.
enum DurationText {
    /// `text` as a duration; nil when it is not one. A bare number counts as seconds only when
    /// `bareSeconds` is true (az's `--timeout 600`).
    static func parse(_ text: String, bareSeconds: Bool = false) -> Duration? {
        if bareSeconds, let seconds = Double(text), seconds >= 0 {
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        let units: [(String, Double)] = [("ms", 0.001), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            guard let amount = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += amount * unit.1
        }
        return .milliseconds(Int64((total * 1000).rounded()))
    }

    /// `duration` in the shortest of those spellings (`1h30m`, `90s` stays `1m30s`).
    static func format(_ duration: Duration) -> String {
        var milliseconds = Int64(duration.seconds * 1000)
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        var text = ""
        let hours = milliseconds / 3_600_000
        if hours > 0 { text += "\(hours)h" }
        milliseconds %= 3_600_000
        let minutes = milliseconds / 60_000
        if minutes > 0 { text += "\(minutes)m" }
        milliseconds %= 60_000
        if milliseconds > 0 {
            text += milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(Double(milliseconds) / 1000)s"
        }
        return text
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

extension Date {
    /// The date `duration` later.
    static func + (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(duration.seconds)
    }

    /// The date `duration` earlier.
    static func - (date: Date, duration: Duration) -> Date {
        date.addingTimeInterval(-duration.seconds)
    }

    /// The duration from `earlier` to this date (zero if it is later).
    func duration(since earlier: Date) -> Duration {
        .milliseconds(Int64(max(0, timeIntervalSince(earlier)) * 1000))
    }
}
