/// The part of yq v4's expression language that scripts editing `tilt-settings.yaml` and
/// reading JSON use: paths (`.a.b`, `.a[0]`, `.["k"]`), literals, `[…]`, `{}`, `|`, `=`, `|=`,
/// `+=`, `//=`, `+`, `//`, `del(PATH)`, `strenv(NAME)`, `env(NAME)`, `has("k")`, `unique`,
/// `length`, `keys` and `.`.
indirect enum YqExpression: Equatable {
    case identity
    case path(YqExpression?, [PathStep])
    case literal(JSONValue)
    case list([YqExpression])
    case pipe(YqExpression, YqExpression)
    case assign(String, YqExpression, YqExpression)
    case add(YqExpression, YqExpression)
    case alternative(YqExpression, YqExpression)
    case call(String, [YqExpression])

    /// One step of a path.
    enum PathStep: Equatable {
        case key(String)
        case index(Int)
    }

    /// Why an expression does not parse or apply.
    struct Failure: Error, Equatable {
        let message: String
    }

    /// Parses `text`.
    static func parse(_ text: String) throws(Failure) -> YqExpression {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        let expression = try parser.pipe()
        parser.skipSpace()
        guard parser.atEnd else { throw Failure(message: "unexpected text at offset \(parser.index) in '\(text)'") }
        return expression
    }

    /// The expression applied to `document`, with `environment` for `strenv`/`env`.
    func evaluate(_ document: JSONValue, root: JSONValue? = nil, environment: [String: String]) throws(Failure) -> JSONValue {
        let root = root ?? document
        switch self {
        case .identity: return document
        case .literal(let value): return value
        case .path(let base, let steps):
            let start = try base?.evaluate(document, root: root, environment: environment) ?? document
            return steps.reduce(start) { value, step in
                switch step {
                case .key(let key): return value[key]
                case .index(let index):
                    guard let items = value.arrayValue else { return .null }
                    let position = index < 0 ? items.count + index : index
                    return items.indices.contains(position) ? items[position] : .null
                }
            }
        case .list(let items):
            return .array(try items.map { item throws(Failure) in try item.evaluate(document, root: root, environment: environment) })
        case .pipe(let left, let right):
            let middle = try left.evaluate(document, root: root, environment: environment)
            return try right.evaluate(middle, root: middle, environment: environment)
        case .add(let left, let right):
            return try Self.add(
                left.evaluate(document, root: root, environment: environment),
                right.evaluate(document, root: root, environment: environment))
        case .alternative(let left, let right):
            let first = try left.evaluate(document, root: root, environment: environment)
            if first != .null, first != .bool(false) { return first }
            return try right.evaluate(document, root: root, environment: environment)
        case .assign(let operation, let target, let value):
            guard case .path(nil, let steps) = target else { throw Failure(message: "can only assign to a path") }
            let current = try target.evaluate(document, root: root, environment: environment)
            let update: JSONValue
            switch operation {
            case "|=": update = try value.evaluate(current, root: current, environment: environment)
            case "+=": update = try Self.add(current, value.evaluate(document, root: root, environment: environment))
            case "//=":
                update = current != .null ? current : try value.evaluate(document, root: root, environment: environment)
            default: update = try value.evaluate(document, root: root, environment: environment)
            }
            return Self.setting(document, steps[...], to: update)
        case .call(let name, let arguments):
            return try call(name, arguments, document, root: root, environment: environment)
        }
    }

    private func call(
        _ name: String, _ arguments: [YqExpression], _ document: JSONValue, root: JSONValue, environment: [String: String]
    ) throws(Failure) -> JSONValue {
        switch name {
        case "del":
            guard case .path(nil, let steps)? = arguments.first else { throw Failure(message: "del needs a path") }
            return Self.setting(document, steps[...], to: nil)
        case "strenv", "env":
            let variable: String
            switch arguments.first {
            case .call(let word, let inner)? where inner.isEmpty: variable = word
            case .literal(.string(let word))?: variable = word
            default: throw Failure(message: "\(name) needs a variable name, as in \(name)(NAME)")
            }
            let value = environment[variable] ?? ""
            if name == "env", let parsed = try? YAMLText.parse(value), parsed != .null { return parsed }
            return .string(value)
        case "has":
            let key = try arguments.first?.evaluate(document, root: root, environment: environment)
            return .bool(key?.stringValue.map { document.objectValue?[$0] != nil } ?? false)
        case "unique":
            var seen: [JSONValue] = []
            for item in document.arrayValue ?? [] where !seen.contains(where: { $0.sameValue(as: item) }) {
                seen.append(item)
            }
            return .array(seen)
        case "length":
            switch document {
            case .array(let items): return .int(items.count)
            case .object(let object): return .int(object.count)
            case .string(let text): return .int(text.count)
            case .null: return .int(0)
            default: return .int(1)
            }
        case "keys":
            return .strings(document.objectValue?.keys ?? [])
        default:
            throw Failure(message: "unknown operator or function \(name)")
        }
    }

    private static func add(_ left: JSONValue, _ right: JSONValue) throws(Failure) -> JSONValue {
        switch (left, right) {
        case (.null, _): return right
        case (_, .null): return left
        case (.array(let first), .array(let second)): return .array(first + second)
        case (.array(let first), _): return .array(first + [right])
        case (.string(let first), .string(let second)): return .string(first + second)
        case (.int(let first), .int(let second)): return .int(first + second)
        case (.object(var first), .object(let second)):
            for (key, value) in second.pairs { first[key] = value }
            return .object(first)
        default:
            guard let first = left.number, let second = right.number else {
                throw Failure(message: "cannot add these values together")
            }
            return .double(first + second)
        }
    }

    /// `document` with the value at `steps` set to `value` (removed when nil), creating objects on the way.
    private static func setting(_ document: JSONValue, _ steps: ArraySlice<PathStep>, to value: JSONValue?) -> JSONValue {
        guard let step = steps.first else { return value ?? .null }
        switch step {
        case .key(let key):
            var object = document.objectValue ?? JSONObject()
            if steps.count == 1 {
                object[key] = value
            } else {
                object[key] = setting(object[key] ?? .null, steps.dropFirst(), to: value)
            }
            return .object(object)
        case .index(let index):
            var items = document.arrayValue ?? []
            let position = index < 0 ? items.count + index : index
            guard position >= 0 else { return document }
            while items.count <= position { items.append(.null) }
            if steps.count == 1, value == nil {
                items.remove(at: position)
            } else {
                items[position] = setting(items[position], steps.dropFirst(), to: value)
            }
            return .array(items)
        }
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        var atEnd: Bool { index >= scalars.count }

        mutating func skipSpace() {
            while !atEnd, scalars[index] == " " || scalars[index] == "\n" || scalars[index] == "\t" { index += 1 }
        }

        mutating func take(_ text: String) -> Bool {
            skipSpace()
            let wanted = Array(text.unicodeScalars)
            guard index + wanted.count <= scalars.count, Array(scalars[index..<index + wanted.count]) == wanted else {
                return false
            }
            index += wanted.count
            return true
        }

        mutating func pipe() throws(Failure) -> YqExpression {
            var left = try assignment()
            while true {
                skipSpace()
                guard !atEnd, scalars[index] == "|", index + 1 >= scalars.count || scalars[index + 1] != "=" else { break }
                index += 1
                left = .pipe(left, try assignment())
            }
            return left
        }

        mutating func assignment() throws(Failure) -> YqExpression {
            let left = try alternative()
            for operation in ["|=", "+=", "//=", "="] {
                skipSpace()
                if operation == "=", index + 1 < scalars.count, scalars[index] == "=", scalars[index + 1] == "=" { break }
                if take(operation) { return .assign(operation, left, try alternative()) }
            }
            return left
        }

        mutating func alternative() throws(Failure) -> YqExpression {
            var left = try sum()
            while true {
                skipSpace()
                guard index + 1 < scalars.count, scalars[index] == "/", scalars[index + 1] == "/",
                    index + 2 >= scalars.count || scalars[index + 2] != "="
                else { break }
                index += 2
                left = .alternative(left, try sum())
            }
            return left
        }

        mutating func sum() throws(Failure) -> YqExpression {
            var left = try primary()
            while true {
                skipSpace()
                guard !atEnd, scalars[index] == "+", index + 1 >= scalars.count || scalars[index + 1] != "=" else { break }
                index += 1
                left = .add(left, try primary())
            }
            return left
        }

        mutating func primary() throws(Failure) -> YqExpression {
            skipSpace()
            guard !atEnd else { throw Failure(message: "unexpected end of expression") }
            let scalar = scalars[index]
            switch scalar {
            case ".":
                return try path(base: nil)
            case "\"":
                return .literal(.string(try quoted()))
            case "(":
                index += 1
                let inner = try pipe()
                guard take(")") else { throw Failure(message: "missing )") }
                return try suffix(inner)
            case "[":
                index += 1
                if take("]") { return .literal(.array([])) }
                var items = [try pipe()]
                while take(",") { items.append(try pipe()) }
                guard take("]") else { throw Failure(message: "missing ]") }
                return .list(items)
            case "{":
                index += 1
                guard take("}") else { throw Failure(message: "only {} is supported as an object literal") }
                return .literal(.object(JSONObject()))
            default:
                let word = identifier()
                guard !word.isEmpty else {
                    var number = ""
                    while !atEnd, "-0123456789.".unicodeScalars.contains(scalars[index]) {
                        number.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    if let value = Int(number) { return .literal(.int(value)) }
                    if let value = Double(number) { return .literal(.double(value)) }
                    throw Failure(message: "unexpected character \(scalar)")
                }
                switch word {
                case "true": return .literal(.bool(true))
                case "false": return .literal(.bool(false))
                case "null": return .literal(.null)
                default: break
                }
                var arguments: [YqExpression] = []
                if take("(") {
                    if !take(")") {
                        arguments.append(try pipe())
                        while take(";") || take(",") { arguments.append(try pipe()) }
                        guard take(")") else { throw Failure(message: "missing ) after \(word)") }
                    }
                }
                return .call(word, arguments)
            }
        }

        mutating func suffix(_ base: YqExpression) throws(Failure) -> YqExpression {
            skipSpace()
            guard !atEnd, scalars[index] == "." || scalars[index] == "[" else { return base }
            return try path(base: base)
        }

        /// Whether `scalar` may appear in a key or function name.
        static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
        }

        mutating func identifier() -> String {
            var name = ""
            while !atEnd, Self.isIdentifier(scalars[index]) {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            return name
        }

        mutating func quoted() throws(Failure) -> String {
            index += 1
            var text = ""
            while !atEnd, scalars[index] != "\"" {
                if scalars[index] == "\\", index + 1 < scalars.count {
                    index += 1
                    switch scalars[index] {
                    case "n": text += "\n"
                    case "t": text += "\t"
                    default: text.unicodeScalars.append(scalars[index])
                    }
                } else {
                    text.unicodeScalars.append(scalars[index])
                }
                index += 1
            }
            guard !atEnd else { throw Failure(message: "unterminated string") }
            index += 1
            return text
        }

        mutating func path(base: YqExpression?) throws(Failure) -> YqExpression {
            var steps: [PathStep] = []
            var sawDot = false
            while !atEnd {
                if scalars[index] == "." {
                    index += 1
                    sawDot = true
                    if !atEnd, scalars[index] == "\"" {
                        steps.append(.key(try quoted()))
                    } else {
                        let name = identifier()
                        if !name.isEmpty { steps.append(.key(name)) }
                    }
                } else if scalars[index] == "[" {
                    index += 1
                    skipSpace()
                    if !atEnd, scalars[index] == "\"" {
                        steps.append(.key(try quoted()))
                    } else {
                        var number = ""
                        while !atEnd, "-0123456789".unicodeScalars.contains(scalars[index]) {
                            number.unicodeScalars.append(scalars[index])
                            index += 1
                        }
                        guard let value = Int(number) else { throw Failure(message: "unsupported subscript") }
                        steps.append(.index(value))
                    }
                    guard take("]") else { throw Failure(message: "missing ]") }
                } else {
                    break
                }
            }
            if steps.isEmpty, base == nil, sawDot { return .identity }
            return .path(base, steps)
        }
    }
}
