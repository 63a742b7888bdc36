import Foundation

/// Run ids: chosen with `--run-id`, or made from the start time plus a short random tail,
/// so they sort by time and are easy to type (`20261125-120305-k7qd`).
public enum RunIdentifier {
    /// A new id for a run starting at `date`.
    public static func generate(at date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let tail = String((0..<4).map { _ in alphabet.randomElement() ?? "x" })
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))-\(two(c.hour))\(two(c.minute))\(two(c.second))-\(tail)"
    }

    /// Whether `id` may name a run: 1 to 64 of `[A-Za-z0-9._-]`, starting with a letter or digit.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.first, first.isASCII, first.isLetter || first.isNumber, id.count <= 64 else { return false }
        return id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
