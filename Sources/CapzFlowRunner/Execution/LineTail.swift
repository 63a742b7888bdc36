/// Keeps the last lines a probe printed, for the `step.skipped` event.
actor LineTail {
    private let limit: Int
    private var lines: [String] = []

    init(limit: Int) { self.limit = limit }

    func append(_ more: [String]) {
        lines.append(contentsOf: more)
        if lines.count > limit { lines.removeFirst(lines.count - limit) }
    }

    var text: String { lines.joined(separator: "\n") }
}
