/// Splits a JMESPath expression into tokens, as jmespath.py's lexer does.
struct JMESPathLexer {
    /// One token of an expression.
    enum Token: Equatable {
        case identifier(String)
        case quotedIdentifier(String)
        case rawString(String)
        case literal(JSONValue)
        case number(Int)
        case dot, star, flatten, filter, leftBracket, rightBracket, leftBrace, rightBrace
        case leftParen, rightParen, comma, colon, pipe, or, and, not, current, expref
        case comparator(String)
        case end
    }

    /// Why the text is not a JMESPath expression.
    struct Failure: Error, Equatable {
        let message: String
    }

    /// The tokens of `text`, ending with `.end`.
    static func tokens(of text: String) throws(Failure) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0

        func peek(_ offset: Int = 1) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }

        func delimited(by end: Unicode.Scalar) throws(Failure) -> String {
            var output = String.UnicodeScalarView()
            index += 1
            while index < scalars.count, scalars[index] != end {
                if scalars[index] == "\\", let next = peek(), next == end || next == "\\" {
                    if end == "\"" { output.append("\\") }
                    output.append(next)
                    index += 2
                    continue
                }
                output.append(scalars[index])
                index += 1
            }
            guard index < scalars.count else { throw Failure(message: "unterminated \(end) at the end") }
            index += 1
            return String(output)
        }

        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\n", "\r":
                index += 1
            case "a"..."z", "A"..."Z", "_":
                var name = String.UnicodeScalarView()
                while index < scalars.count,
                    ("a"..."z").contains(scalars[index]) || ("A"..."Z").contains(scalars[index])
                        || ("0"..."9").contains(scalars[index]) || scalars[index] == "_"
                {
                    name.append(scalars[index])
                    index += 1
                }
                tokens.append(.identifier(String(name)))
            case "0"..."9", "-":
                var digits = String.UnicodeScalarView([scalar])
                index += 1
                while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                    digits.append(scalars[index])
                    index += 1
                }
                guard let number = Int(String(digits)) else { throw Failure(message: "bad number") }
                tokens.append(.number(number))
            case "\"":
                let raw = try delimited(by: "\"")
                guard case .string(let name)? = try? JSONParser.parse("\"" + raw + "\"") else {
                    throw Failure(message: "bad quoted identifier")
                }
                tokens.append(.quotedIdentifier(name))
            case "'":
                tokens.append(.rawString(try delimited(by: "'")))
            case "`":
                let raw = try delimited(by: "`")
                do {
                    tokens.append(.literal(try JSONParser.parse(raw)))
                } catch {
                    throw Failure(message: "bad JSON literal")
                }
            case "[":
                if peek() == "]" {
                    tokens.append(.flatten)
                    index += 2
                } else if peek() == "?" {
                    tokens.append(.filter)
                    index += 2
                } else {
                    tokens.append(.leftBracket)
                    index += 1
                }
            case "|":
                if peek() == "|" {
                    tokens.append(.or)
                    index += 2
                } else {
                    tokens.append(.pipe)
                    index += 1
                }
            case "&":
                if peek() == "&" {
                    tokens.append(.and)
                    index += 2
                } else {
                    tokens.append(.expref)
                    index += 1
                }
            case "=":
                guard peek() == "=" else { throw Failure(message: "unknown token =") }
                tokens.append(.comparator("=="))
                index += 2
            case "!", "<", ">":
                if peek() == "=" {
                    tokens.append(.comparator(String(scalar) + "="))
                    index += 2
                } else {
                    tokens.append(scalar == "!" ? .not : .comparator(String(scalar)))
                    index += 1
                }
            default:
                let single: [Unicode.Scalar: Token] = [
                    ".": .dot, "*": .star, "]": .rightBracket, "{": .leftBrace, "}": .rightBrace,
                    "(": .leftParen, ")": .rightParen, ",": .comma, ":": .colon, "@": .current,
                ]
                guard let token = single[scalar] else { throw Failure(message: "unknown token \(scalar)") }
                tokens.append(token)
                index += 1
            }
        }
        tokens.append(.end)
        return tokens
    }
}
