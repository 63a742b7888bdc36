/// Reads JSON text into a `JSONValue`, keeping object keys in order.
///
/// Foundation's parser loses key order and blurs booleans with numbers; the JMESPath literals
/// and the files the simulator reads back need neither problem.
struct JSONParser {
    /// Why the text is not JSON.
    struct Failure: Error, Equatable {
        let message: String
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0

    /// Parses `text`, which must hold exactly one JSON value.
    static func parse(_ text: String) throws(Failure) -> JSONValue {
        var parser = JSONParser(scalars: Array(text.unicodeScalars))
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == parser.scalars.count else {
            throw Failure(message: "unexpected text after the JSON value at offset \(parser.position)")
        }
        return value
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private mutating func skipWhitespace() {
        while position < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[position]) { position += 1 }
    }

    private mutating func parseValue() throws(Failure) -> JSONValue {
        skipWhitespace()
        guard position < scalars.count else { throw Failure(message: "unexpected end of JSON text") }
        switch scalars[position] {
        case "{": return try parseObject()
        case "[": return try parseArray()
        case "\"": return .string(try parseString())
        case "t": return try parseWord("true", value: .bool(true))
        case "f": return try parseWord("false", value: .bool(false))
        case "n": return try parseWord("null", value: .null)
        default: return try parseNumber()
        }
    }

    private mutating func parseWord(_ word: String, value: JSONValue) throws(Failure) -> JSONValue {
        let end = position + word.unicodeScalars.count
        guard end <= scalars.count, String(String.UnicodeScalarView(scalars[position..<end])) == word else {
            throw Failure(message: "unexpected character at offset \(position)")
        }
        position = end
        return value
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = position
        while position < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[position]) {
            position += 1
        }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        if let number = Int(text) { return .int(number) }
        if let number = Double(text), !text.isEmpty { return .double(number) }
        throw Failure(message: "unexpected character at offset \(start)")
    }

    private mutating func parseString() throws(Failure) -> String {
        position += 1
        var output = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            switch scalar {
            case "\"": return String(output)
            case "\\":
                guard position < scalars.count else { break }
                let escaped = scalars[position]
                position += 1
                switch escaped {
                case "n": output.append("\n")
                case "t": output.append("\t")
                case "r": output.append("\r")
                case "b": output.append("\u{08}")
                case "f": output.append("\u{0C}")
                case "u":
                    guard position + 4 <= scalars.count,
                        let code = UInt32(String(String.UnicodeScalarView(scalars[position..<position + 4])), radix: 16),
                        let decoded = Unicode.Scalar(code)
                    else { throw Failure(message: "bad \\u escape at offset \(position)") }
                    output.append(decoded)
                    position += 4
                default: output.append(escaped)
                }
            default: output.append(scalar)
            }
        }
        throw Failure(message: "unterminated string")
    }

    private mutating func parseArray() throws(Failure) -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if position < scalars.count, scalars[position] == "]" {
            position += 1
            return .array(items)
        }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            guard position < scalars.count else { throw Failure(message: "unterminated array") }
            let scalar = scalars[position]
            position += 1
            if scalar == "]" { return .array(items) }
            guard scalar == "," else { throw Failure(message: "expected , or ] at offset \(position - 1)") }
        }
    }

    private mutating func parseObject() throws(Failure) -> JSONValue {
        position += 1
        var object = JSONObject()
        skipWhitespace()
        if position < scalars.count, scalars[position] == "}" {
            position += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard position < scalars.count, scalars[position] == "\"" else {
                throw Failure(message: "expected a key at offset \(position)")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < scalars.count, scalars[position] == ":" else {
                throw Failure(message: "expected : at offset \(position)")
            }
            position += 1
            object[key] = try parseValue()
            skipWhitespace()
            guard position < scalars.count else { throw Failure(message: "unterminated object") }
            let scalar = scalars[position]
            position += 1
            if scalar == "}" { return .object(object) }
            guard scalar == "," else { throw Failure(message: "expected , or } at offset \(position - 1)") }
        }
    }
}
