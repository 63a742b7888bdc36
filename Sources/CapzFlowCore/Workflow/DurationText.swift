import Foundation

/// Reads and writes the duration notation of workflow files: `500ms`, `90s`, `10m`, `1h30m`.
///
/// Workflow authors write durations as text; the engine works with `Duration`. Keeping both
/// directions in one place means `status` prints a duration the same way a file spells it.
public enum DurationText {
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Parses `text`, returning nil when it is not a positive duration in the notation above.
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        var total: Int64 = 0
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isASCIIDigitCharacter)
            guard !digits.isEmpty, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let letters = rest.prefix(while: \.isLetter)
            // "ms" must be tried before "m" so that 500ms is not read as 500 minutes and an "s".
            guard let unit = units.first(where: { $0.suffix == letters }) else { return nil }
            rest = rest.dropFirst(letters.count)
            let (product, overflow) = value.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            guard !overflow, !sumOverflow else { return nil }
            total = sum
        }
        return total > 0 ? .milliseconds(total) : nil
    }

    /// Formats `duration` compactly (`1h30m`, `2.5s`, `120ms`) for people.
    public static func format(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms < 1_000 { return "\(ms)ms" }
        if ms < 60_000 {
            let tenths = ms / 100
            return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
        }
        var seconds = ms / 1_000
        var parts: [String] = []
        if seconds >= 3_600 { parts.append("\(seconds / 3_600)h"); seconds %= 3_600 }
        if seconds >= 60 { parts.append("\(seconds / 60)m"); seconds %= 60 }
        if seconds > 0 { parts.append("\(seconds)s") }
        return parts.joined()
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
