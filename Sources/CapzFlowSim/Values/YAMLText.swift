import Foundation
import Yams

/// Reads YAML into `JSONValue`s (through Yams) and prints them back in yq's block style.
///
/// Manifests, kubeconfigs and `tilt-settings.yaml` are YAML. Reading keeps key order and the
/// difference between `3` and `"3"`; printing quotes a string only when it would otherwise read
/// back as something else, as yq does.
enum YAMLText {
    /// Why the text is not YAML.
    struct Failure: Error, Equatable {
        let message: String
    }

    /// The first document of `text`; null for an empty text.
    static func parse(_ text: String) throws(Failure) -> JSONValue {
        do {
            guard let node = try Yams.compose(yaml: text) else { return .null }
            return value(of: node)
        } catch {
            throw Failure(message: "\(error)")
        }
    }

    /// Every non-empty document of `text`, in order.
    static func parseAll(_ text: String) throws(Failure) -> [JSONValue] {
        do {
            var documents: [JSONValue] = []
            for node in try Yams.compose_all(yaml: text) {
                let value = value(of: node)
                if value != .null { documents.append(value) }
            }
            return documents
        } catch {
            throw Failure(message: "\(error)")
        }
    }

    private static func value(of node: Node) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            return .object(JSONObject(mapping.map { (key: $0.key.string ?? "", value: value(of: $0.value)) }))
        case .sequence(let sequence):
            return .array(sequence.map { value(of: $0) })
        case .alias:
            return .null
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map { .bool($0) } ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return node.int.map { .int($0) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return node.float.map { .double($0) } ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        }
    }

    /// `value` as a YAML document (block style, two-space indent, trailing newline).
    static func render(_ value: JSONValue) -> String {
        var lines: [String] = []
        switch value {
        case .object(let object) where !object.isEmpty:
            writeMembers(object, indent: 0, into: &lines)
        case .array(let items) where !items.isEmpty:
            writeItems(items, indent: 0, into: &lines)
        default:
            lines.append(scalar(value))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func writeMembers(_ object: JSONObject, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        for (key, member) in object.pairs {
            let name = pad + plainOrQuoted(key) + ":"
            switch member {
            case .object(let inner) where !inner.isEmpty:
                lines.append(name)
                writeMembers(inner, indent: indent + 2, into: &lines)
            case .array(let items) where !items.isEmpty:
                lines.append(name)
                writeItems(items, indent: indent + 2, into: &lines)
            default:
                lines.append(name + " " + scalar(member))
            }
        }
    }

    private static func writeItems(_ items: [JSONValue], indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            switch item {
            case .object(let inner) where !inner.isEmpty:
                var nested: [String] = []
                writeMembers(inner, indent: indent + 2, into: &nested)
                if let first = nested.first {
                    lines.append(pad + "- " + first.dropFirst(indent + 2))
                    lines.append(contentsOf: nested.dropFirst())
                }
            case .array(let inner) where !inner.isEmpty:
                lines.append(pad + "-")
                writeItems(inner, indent: indent + 2, into: &lines)
            default:
                lines.append(pad + "- " + scalar(item))
            }
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return plainOrQuoted(text)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// `text` plain when it reads back as the same string, else double-quoted.
    static func plainOrQuoted(_ text: String) -> String {
        let node = Node.scalar(.init(text))
        guard Resolver.default.resolveTag(of: node) == .str, let first = text.first, let last = text.last else {
            return JSONText.quote(text)
        }
        let indicators: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", " "]
        let unsafe = indicators.contains(first) || last == " " || last == ":" || text.contains(": ") || text.contains(" #")
            || text.contains { $0 == "\n" || $0 == "\t" || $0 == "\r" || !($0.isASCII) } || text.contains(",") && text.contains("[")
        return unsafe ? JSONText.quote(text) : text
    }
}
