import Foundation

/// A JSON value whose objects keep their keys in order.
///
/// Every simulated tool answers in JSON, YAML or TSV built from these values. Objects keep
/// insertion order because some printers depend on it (az's TSV prints a `--query` hash in the
/// order the query names its keys); the JSON printers sort keys where the real tool does.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value as a string, when it is one.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value as an integer, when it is one (a whole double counts).
    var intValue: Int? {
        switch self {
        case .int(let number): return number
        case .double(let number) where number.rounded() == number: return Int(number)
        case .string(let text): return Int(text)
        default: return nil
        }
    }

    /// The elements, when the value is an array.
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The object, when the value is one.
    var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The member `key` of an object; null for anything else.
    subscript(key: String) -> JSONValue {
        objectValue?[key] ?? .null
    }

    /// Follows a dotted path of object keys (`"spec.replicas"`); null where it breaks off.
    func value(at path: String) -> JSONValue {
        path.split(separator: ".").reduce(self) { $0[String($1)] }
    }

    /// Whether JMESPath counts the value as true: not false, null, or an empty string, list or object.
    var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let flag): return flag
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        case .object(let object): return !object.isEmpty
        case .int, .double: return true
        }
    }

    /// The value with every object's keys sorted, at every depth (how Python's `json.loads`
    /// dicts come out of az's printers).
    var sortingKeys: JSONValue {
        switch self {
        case .array(let items): return .array(items.map(\.sortingKeys))
        case .object(let object):
            return .object(JSONObject(object.sortedByKey.pairs.map { ($0.key, $0.value.sortingKeys) }))
        default: return self
        }
    }

    /// The number, for comparisons.
    var number: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    /// Semantic equality: `1` equals `1.0`, and objects compare without regard to key order.
    func sameValue(as other: JSONValue) -> Bool {
        switch (self, other) {
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.sameValue(as: $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.pairs.allSatisfy { pair in right[pair.key].map { pair.value.sameValue(as: $0) } ?? false }
        default:
            if let left = number, let right = other.number { return left == right }
            return self == other
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// A string, or null when absent.
    static func optional(_ text: String?) -> JSONValue {
        text.map { .string($0) } ?? .null
    }

    /// An array of strings.
    static func strings(_ items: [String]) -> JSONValue {
        .array(items.map { .string($0) })
    }
}

extension JSONValue: Codable {
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            let members = try container.decode([String: JSONValue].self)
            self = .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let number): try container.encode(number)
        case .double(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let object): try container.encode(Dictionary(object.pairs, uniquingKeysWith: { _, last in last }))
        }
    }
}
