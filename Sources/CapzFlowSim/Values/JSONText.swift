import Foundation

/// Prints a `JSONValue` the way a particular real tool prints JSON.
///
/// The shapes differ in ways scripts notice: az (Python's `json.dumps(indent=2, sort_keys=True)`)
/// indents by two and sorts keys; kubectl and tilt (Go) indent by four, sort map keys and escape
/// `<`, `>` and `&`; helm's `-o json` and the transcript are one compact line in key order.
enum JSONText {
    /// One of the printers above.
    enum Style {
        case azure
        case go
        case compact
    }

    /// `value` as text in `style`, without a trailing newline.
    static func render(_ value: JSONValue, style: Style) -> String {
        var output = ""
        write(value, style: style, depth: 0, into: &output)
        return output
    }

    private static func write(_ value: JSONValue, style: Style, depth: Int, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += format(number)
        case .string(let text): output += quote(text, escapeHTML: style == .go)
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", style: style, depth: depth, into: &output)
        case .object(let object):
            let members = style == .compact ? object : object.sortedByKey
            writeContainer(
                members.pairs.map { ($0.key, $0.value) }, open: "{", close: "}", style: style, depth: depth,
                into: &output)
        }
    }

    private static func writeContainer(
        _ members: [(String?, JSONValue)], open: String, close: String, style: Style, depth: Int,
        into output: inout String
    ) {
        guard !members.isEmpty else {
            output += open + close
            return
        }
        let indent = style == .go ? 4 : 2
        output += open
        for (index, member) in members.enumerated() {
            if index > 0 { output += "," }
            if style != .compact {
                output += "\n" + String(repeating: " ", count: indent * (depth + 1))
            }
            if let key = member.0 {
                output += quote(key, escapeHTML: style == .go) + (style == .compact ? ":" : ": ")
            }
            write(member.1, style: style, depth: depth + 1, into: &output)
        }
        if style != .compact {
            output += "\n" + String(repeating: " ", count: indent * depth)
        }
        output += close
    }

    private static func format(_ number: Double) -> String {
        if number.isFinite, number.rounded() == number, abs(number) < 1e15 {
            return String(format: "%.1f", number)
        }
        return String(number)
    }

    /// `text` as a JSON string literal.
    static func quote(_ text: String, escapeHTML: Bool = false) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "<" where escapeHTML, ">" where escapeHTML, "&" where escapeHTML:
                output += String(format: "\\u%04x", scalar.value)
            default:
                if scalar.value < 0x20 {
                    output += String(format: "\\u%04x", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
