import Foundation

/// kubectl's `-o jsonpath=TEMPLATE` (also used by `tilt get`): a template of text and `{path}`s.
///
/// Supports what scripts use: fields (with `\.` escapes), `[*]`, `[N]`, `.*`, filters
/// `[?(@.a=="b")]` with `==`/`!=`, `{range PATH}…{end}` and quoted literals such as `{"\n"}`.
/// A missing field prints nothing, as `kubectl get` does (it allows missing keys).
struct KubeJSONPath {
    /// Why the template does not parse.
    struct Failure: Error, Equatable {
        let message: String
    }

    private enum Segment {
        case text(String)
        case path([Step])
        case range([Step], [Segment])
    }

    private enum Step {
        case field(String)
        case wildcard
        case index(Int)
        case filter([Step], String, JSONValue)
    }

    private let segments: [Segment]

    /// Parses `template` (the part after `jsonpath=`).
    init(_ template: String) throws(Failure) {
        var index = template.startIndex
        segments = try Self.parseSegments(template, &index, untilEnd: false)
    }

    /// The template applied to `value`.
    func render(_ value: JSONValue) -> String {
        Self.render(segments, value)
    }

    private static func render(_ segments: [Segment], _ value: JSONValue) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .text(let text): output += text
            case .path(let steps):
                output += evaluate(steps, [value]).map(text(of:)).joined(separator: " ")
            case .range(let steps, let body):
                for item in evaluate(steps, [value]) { output += render(body, item) }
            }
        }
        return output
    }

    private static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        case .bool, .int, .double, .array, .object: return JSONText.render(value, style: .compact)
        }
    }

    private static func evaluate(_ steps: [Step], _ values: [JSONValue]) -> [JSONValue] {
        steps.reduce(values) { current, step in
            current.flatMap { value -> [JSONValue] in
                switch step {
                case .field(let name):
                    let member = value[name]
                    return member == .null && value.objectValue?[name] == nil ? [] : [member]
                case .wildcard:
                    if let items = value.arrayValue { return items }
                    return value.objectValue?.pairs.map(\.value) ?? []
                case .index(let index):
                    guard let items = value.arrayValue else { return [] }
                    let position = index < 0 ? items.count + index : index
                    return items.indices.contains(position) ? [items[position]] : []
                case .filter(let path, let operation, let expected):
                    let candidates = value.arrayValue ?? [value]
                    return candidates.filter { candidate in
                        let found = evaluate(path, [candidate]).first ?? .null
                        let equal = found.sameValue(as: expected)
                        return operation == "==" ? equal : !equal
                    }
                }
            }
        }
    }

    private static func parseSegments(
        _ template: String, _ index: inout String.Index, untilEnd: Bool
    ) throws(Failure) -> [Segment] {
        var segments: [Segment] = []
        var text = ""
        while index < template.endIndex {
            let character = template[index]
            guard character == "{" else {
                text.append(character)
                index = template.index(after: index)
                continue
            }
            guard let close = template[index...].firstIndex(of: "}") else {
                throw Failure(message: "unclosed action")
            }
            if !text.isEmpty {
                segments.append(.text(text))
                text = ""
            }
            let body = template[template.index(after: index)..<close].trimmingCharacters(in: .whitespaces)
            index = template.index(after: close)
            if body == "end" {
                guard untilEnd else { throw Failure(message: "not in range, nothing to end") }
                return segments
            } else if body.hasPrefix("range ") {
                let steps = try parsePath(String(body.dropFirst(6)).trimmingCharacters(in: .whitespaces))
                segments.append(.range(steps, try parseSegments(template, &index, untilEnd: true)))
            } else if body.hasPrefix("\"") || body.hasPrefix("'") {
                segments.append(.text(unquote(body)))
            } else {
                segments.append(.path(try parsePath(body)))
            }
        }
        if untilEnd { throw Failure(message: "range without end") }
        if !text.isEmpty { segments.append(.text(text)) }
        return segments
    }

    private static func unquote(_ literal: String) -> String {
        let inner = String(literal.dropFirst().dropLast())
        return inner.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
    }

    private static func parsePath(_ text: String) throws(Failure) -> [Step] {
        var steps: [Step] = []
        let characters = Array(text)
        var index = 0
        if index < characters.count, characters[index] == "$" || characters[index] == "@" { index += 1 }
        while index < characters.count {
            switch characters[index] {
            case ".":
                index += 1
                if index < characters.count, characters[index] == "*" {
                    steps.append(.wildcard)
                    index += 1
                    continue
                }
                var name = ""
                while index < characters.count, characters[index] != ".", characters[index] != "[" {
                    if characters[index] == "\\", index + 1 < characters.count {
                        index += 1
                    }
                    name.append(characters[index])
                    index += 1
                }
                if !name.isEmpty { steps.append(.field(name)) }
            case "[":
                guard let close = characters[index...].firstIndex(of: "]") else {
                    throw Failure(message: "unterminated [")
                }
                var inner = String(characters[(index + 1)..<close])
                if inner.hasPrefix("?(") {
                    var depth = 0
                    var end = index
                    for position in index..<characters.count {
                        if characters[position] == "(" { depth += 1 }
                        if characters[position] == ")" {
                            depth -= 1
                            if depth == 0 {
                                end = position
                                break
                            }
                        }
                    }
                    inner = String(characters[(index + 3)..<end])
                    steps.append(try parseFilter(inner))
                    index = end + 2
                    continue
                }
                index = close + 1
                if inner == "*" {
                    steps.append(.wildcard)
                } else if let number = Int(inner) {
                    steps.append(.index(number))
                } else if inner.hasPrefix("'") || inner.hasPrefix("\"") {
                    steps.append(.field(String(inner.dropFirst().dropLast())))
                } else {
                    throw Failure(message: "unsupported subscript [\(inner)]")
                }
            default:
                throw Failure(message: "unrecognized character in action: \(characters[index])")
            }
        }
        return steps
    }

    private static func parseFilter(_ text: String) throws(Failure) -> Step {
        for operation in ["==", "!="] {
            guard let range = text.range(of: operation) else { continue }
            let path = try parsePath(text[..<range.lowerBound].trimmingCharacters(in: .whitespaces))
            let literal = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            let value: JSONValue
            if literal.hasPrefix("\"") || literal.hasPrefix("'") {
                value = .string(String(literal.dropFirst().dropLast()))
            } else if let number = Int(literal) {
                value = .int(number)
            } else {
                value = .string(literal)
            }
            return .filter(path, operation, value)
        }
        throw Failure(message: "unsupported filter \(text)")
    }
}
