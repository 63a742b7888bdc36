import Foundation

/// Run ids: chosen with `--run-id`, or made from the start time plus a short random tail,
/// so they sort by time and are easy to type (`20261125-120305-k7qd`).
public enum RunIdentifier {
    /// A new id for a run starting at `date` (its UTC time, to the second).
    public static func generate(at date: Date = Date()) -> String {
        // The C library's calendar: Foundation's would load time zone files and ICU first,
        // a millisecond of every `run` for six numbers.
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var utc = tm()
        gmtime_r(&seconds, &utc)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let tail = String((0..<4).map { _ in alphabet.randomElement() ?? "x" })
        return "\(utc.tm_year + 1_900)\(two(utc.tm_mon + 1))\(two(utc.tm_mday))-\(two(utc.tm_hour))\(two(utc.tm_min))\(two(utc.tm_sec))-\(tail)"
    }

    /// Whether `id` may name a run: 1 to 64 of `[A-Za-z0-9._-]`, starting with a letter or digit.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.first, first.isASCII, first.isLetter || first.isNumber, id.count <= 64 else { return false }
        return id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
