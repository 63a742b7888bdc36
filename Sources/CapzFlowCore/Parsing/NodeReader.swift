import Yams

/// Reads one YAML node with its field path and line, and refuses what does not fit.
///
/// The parser walks the document through readers so that every message names the field and
/// line, and every mapping is checked for keys nobody read (a typo like `tiemout` must not be
/// silently ignored).
struct NodeReader {
    let node: Node
    let path: String
    let file: String

    var line: Int? { node.mark?.line }

    func fail(_ message: String) -> WorkflowError {
        .invalid(file: file, line: line, field: path, message: message)
    }

    func child(_ node: Node, _ component: String) -> NodeReader {
        let joined = component.hasPrefix("[") || path.isEmpty ? path + component : path + "." + component
        return NodeReader(node: node, path: joined, file: file)
    }

    /// Whether the value is YAML's null (`null`, `~` or nothing), which a step writes to drop a
    /// setting it would otherwise inherit from `defaults`.
    var isNull: Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return false }
        return ["null", "Null", "NULL", "~", ""].contains(scalar.string)
    }

    /// The node as text; numbers and booleans are read as they were written.
    func string() throws(WorkflowError) -> String {
        guard case let .scalar(scalar) = node else { throw fail("expected a text value, found \(node.kindName)") }
        return scalar.string
    }

    func int() throws(WorkflowError) -> Int {
        guard let value = Int(try string()) else { throw fail("expected a whole number, found '\(try string())'") }
        return value
    }

    func double() throws(WorkflowError) -> Double {
        guard let value = Double(try string()), value.isFinite else {
            throw fail("expected a number, found '\(try string())'")
        }
        return value
    }

    func bool() throws(WorkflowError) -> Bool {
        switch try string() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw fail("expected true or false, found '\(other)'")
        }
    }

    func duration() throws(WorkflowError) -> Duration {
        let text = try string()
        guard let value = DurationText.parse(text) else {
            throw fail("'\(text)' is not a duration; write for example 500ms, 90s, 10m or 1h30m")
        }
        return value
    }

    /// The node as a list; a single scalar is not accepted as a one-item list.
    func list() throws(WorkflowError) -> [NodeReader] {
        guard case let .sequence(sequence) = node else { throw fail("expected a list, found \(node.kindName)") }
        return sequence.enumerated().map { child($0.element, "[\($0.offset)]") }
    }

    func strings() throws(WorkflowError) -> [String] {
        var result: [String] = []
        for item in try list() { result.append(try item.string()) }
        return result
    }

    func mapping(allowed keys: [String]) throws(WorkflowError) -> MappingReader {
        guard case let .mapping(mapping) = node else { throw fail("expected a mapping, found \(node.kindName)") }
        var entries: [(key: String, reader: NodeReader)] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            let keyReader = NodeReader(node: key, path: path, file: file)
            if !keys.isEmpty, !keys.contains(name) {
                let hint = Self.closest(to: name, in: keys).map { " (did you mean '\($0)'?)" } ?? ""
                throw keyReader.fail("unknown key '\(name)'\(hint); allowed: \(keys.joined(separator: ", "))")
            }
            if entries.contains(where: { $0.key == name }) { throw keyReader.fail("key '\(name)' appears twice") }
            entries.append((name, child(value, name)))
        }
        return MappingReader(owner: self, entries: entries)
    }

    /// The allowed key nearest to a misspelt one, when it is close enough to be a typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        // Ties go to the first candidate in the given order, so the hint is the same every time.
        let scored = candidates.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, word.count / 3) else { return nil }
        return best
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// The entries of one YAML mapping, all keys already checked against the allowed list.
struct MappingReader {
    let owner: NodeReader
    let entries: [(key: String, reader: NodeReader)]

    subscript(_ key: String) -> NodeReader? { entries.first { $0.key == key }?.reader }

    func required(_ key: String) throws(WorkflowError) -> NodeReader {
        guard let reader = self[key] else { throw owner.fail("missing required key '\(key)'") }
        return reader
    }

    /// Entries in file order, for open-ended maps such as `env:` and `params:`.
    var ordered: [(key: String, reader: NodeReader)] { entries }
}

extension Node {
    var kindName: String {
        switch self {
        case .scalar: "a text value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
