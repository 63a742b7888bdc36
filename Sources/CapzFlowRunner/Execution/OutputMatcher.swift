/// Watches an attempt's output for the retry policy's `if_output` pattern.
actor OutputMatcher {
    private let regex: Regex<AnyRegexOutput>?
    private(set) var matched = false

    /// A matcher for `pattern`; with no pattern every output counts as matching.
    init(pattern: String?) {
        // The parser refused invalid patterns, so `try?` only meets valid ones.
        regex = pattern.flatMap { try? Regex($0) }
        matched = pattern == nil
    }

    func feed(_ lines: [String]) {
        guard !matched, let regex else { return }
        matched = lines.contains { $0.contains(regex) }
    }
}
