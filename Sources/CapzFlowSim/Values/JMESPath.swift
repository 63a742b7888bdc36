/// A compiled JMESPath expression: what `az --query` evaluates.
///
/// This is the grammar of jmespath.py (the library az uses) parsed the same way (a Pratt parser
/// with its binding powers), so projections, filters, multiselects, pipes and the common
/// functions behave as they do for the real CLI. Text it cannot parse is what az rejects with
/// `argument --query: invalid jmespath_type value`.
indirect enum JMESPath {
    case identity
    case current
    case field(String)
    case literal(JSONValue)
    case subexpression(JMESPath, JMESPath)
    case index(Int)
    case slice(Int?, Int?, Int?)
    case projection(JMESPath, JMESPath)
    case valueProjection(JMESPath, JMESPath)
    case filterProjection(JMESPath, JMESPath, condition: JMESPath)
    case flatten(JMESPath)
    case pipe(JMESPath, JMESPath)
    case or(JMESPath, JMESPath)
    case and(JMESPath, JMESPath)
    case not(JMESPath)
    case comparison(String, JMESPath, JMESPath)
    case multiselectList([JMESPath])
    case multiselectHash([(String, JMESPath)])
    case function(String, [JMESPath])
    case expressionReference(JMESPath)

    /// Whether this is the expression of the current value itself.
    var isIdentity: Bool {
        if case .identity = self { return true }
        return false
    }

    /// Compiles `text`.
    static func compile(_ text: String) throws(JMESPathLexer.Failure) -> JMESPath {
        var parser = Parser(tokens: try JMESPathLexer.tokens(of: text))
        let expression = try parser.expression(bindingPower: 0)
        guard parser.current == .end else { throw JMESPathLexer.Failure(message: "unexpected token") }
        return expression
    }

    private struct Parser {
        typealias Token = JMESPathLexer.Token
        typealias Failure = JMESPathLexer.Failure

        var tokens: [Token]
        var position = 0

        var current: Token { tokens[position] }
        var next: Token { position + 1 < tokens.count ? tokens[position + 1] : .end }

        mutating func advance() { if position < tokens.count - 1 { position += 1 } }

        mutating func expect(_ token: Token) throws(Failure) {
            guard current == token else { throw Failure(message: "expected \(token), found \(current)") }
            advance()
        }

        static func bindingPower(_ token: Token) -> Int {
            switch token {
            case .pipe: return 1
            case .or: return 2
            case .and: return 3
            case .comparator: return 5
            case .flatten: return 9
            case .star: return 20
            case .filter: return 21
            case .dot: return 40
            case .not: return 45
            case .leftBrace: return 50
            case .leftBracket: return 55
            case .leftParen: return 60
            default: return 0
            }
        }

        mutating func expression(bindingPower: Int) throws(Failure) -> JMESPath {
            let token = current
            advance()
            var left = try prefix(token)
            while bindingPower < Self.bindingPower(current) {
                let token = current
                advance()
                left = try infix(token, left: left)
            }
            return left
        }

        mutating func prefix(_ token: Token) throws(Failure) -> JMESPath {
            switch token {
            case .literal(let value): return .literal(value)
            case .rawString(let text): return .literal(.string(text))
            case .identifier(let name): return .field(name)
            case .quotedIdentifier(let name):
                if current == .leftParen { throw Failure(message: "quoted identifier cannot be a function name") }
                return .field(name)
            case .star:
                return .valueProjection(.identity, try projectionRight(bindingPower: Self.bindingPower(.star)))
            case .filter:
                return try filter(left: .identity)
            case .leftBrace:
                return try multiselectHash()
            case .leftParen:
                let inner = try expression(bindingPower: 0)
                try expect(.rightParen)
                return inner
            case .flatten:
                return .projection(.flatten(.identity), try projectionRight(bindingPower: Self.bindingPower(.flatten)))
            case .not:
                return .not(try expression(bindingPower: Self.bindingPower(.not)))
            case .leftBracket:
                if case .number = current { return try indexOrSlice(left: .identity) }
                if current == .colon { return try indexOrSlice(left: .identity) }
                if current == .star, next == .rightBracket {
                    advance()
                    advance()
                    return .projection(.identity, try projectionRight(bindingPower: Self.bindingPower(.star)))
                }
                return try multiselectList()
            case .current: return .current
            case .expref: return .expressionReference(try expression(bindingPower: 0))
            default: throw Failure(message: "unexpected token \(token)")
            }
        }

        mutating func infix(_ token: Token, left: JMESPath) throws(Failure) -> JMESPath {
            switch token {
            case .dot:
                if current == .star {
                    advance()
                    return .valueProjection(left, try projectionRight(bindingPower: Self.bindingPower(.dot)))
                }
                return .subexpression(left, try dotRight(bindingPower: Self.bindingPower(.dot)))
            case .pipe: return .pipe(left, try expression(bindingPower: Self.bindingPower(.pipe)))
            case .or: return .or(left, try expression(bindingPower: Self.bindingPower(.or)))
            case .and: return .and(left, try expression(bindingPower: Self.bindingPower(.and)))
            case .comparator(let operation):
                return .comparison(operation, left, try expression(bindingPower: Self.bindingPower(token)))
            case .leftParen:
                guard case .field(let name) = left else { throw Failure(message: "invalid function name") }
                var arguments: [JMESPath] = []
                while current != .rightParen {
                    arguments.append(try expression(bindingPower: 0))
                    if current == .comma { try expect(.comma) } else if current != .rightParen {
                        throw Failure(message: "expected , or )")
                    }
                }
                try expect(.rightParen)
                return .function(name, arguments)
            case .filter: return try filter(left: left)
            case .flatten:
                return .projection(.flatten(left), try projectionRight(bindingPower: Self.bindingPower(.flatten)))
            case .leftBracket:
                if case .number = current { return try indexOrSlice(left: left) }
                if current == .colon { return try indexOrSlice(left: left) }
                try expect(.star)
                try expect(.rightBracket)
                return .projection(left, try projectionRight(bindingPower: Self.bindingPower(.star)))
            default: throw Failure(message: "unexpected token \(token)")
            }
        }

        mutating func filter(left: JMESPath) throws(Failure) -> JMESPath {
            let condition = try expression(bindingPower: 0)
            try expect(.rightBracket)
            let right: JMESPath = current == .flatten ? .identity : try projectionRight(bindingPower: Self.bindingPower(.filter))
            return .filterProjection(left, right, condition: condition)
        }

        mutating func indexOrSlice(left: JMESPath) throws(Failure) -> JMESPath {
            var parts: [Int?] = [nil, nil, nil]
            var part = 0
            while current != .rightBracket {
                switch current {
                case .colon:
                    part += 1
                    guard part < 3 else { throw Failure(message: "too many colons in a slice") }
                case .number(let number): parts[part] = number
                default: throw Failure(message: "expected a number or : in brackets")
                }
                advance()
            }
            try expect(.rightBracket)
            if part == 0, let index = parts[0] {
                return left.isIdentity ? .index(index) : .subexpression(left, .index(index))
            }
            let slice = JMESPath.slice(parts[0], parts[1], parts[2])
            let base = left.isIdentity ? slice : .subexpression(left, slice)
            return .projection(base, try projectionRight(bindingPower: Self.bindingPower(.star)))
        }

        mutating func projectionRight(bindingPower: Int) throws(Failure) -> JMESPath {
            if Self.bindingPower(current) < 10 { return .identity }
            switch current {
            case .leftBracket, .filter: return try expression(bindingPower: bindingPower)
            case .dot:
                advance()
                return try dotRight(bindingPower: bindingPower)
            default: throw Failure(message: "unexpected token after a projection: \(current)")
            }
        }

        mutating func dotRight(bindingPower: Int) throws(Failure) -> JMESPath {
            switch current {
            case .identifier, .quotedIdentifier, .star: return try expression(bindingPower: bindingPower)
            case .leftBracket:
                advance()
                return try multiselectList()
            case .leftBrace:
                advance()
                return try multiselectHash()
            default: throw Failure(message: "expected an identifier after a dot, found \(current)")
            }
        }

        mutating func multiselectList() throws(Failure) -> JMESPath {
            var items: [JMESPath] = []
            repeat {
                if current == .comma { advance() }
                items.append(try expression(bindingPower: 0))
            } while current == .comma
            try expect(.rightBracket)
            return .multiselectList(items)
        }

        mutating func multiselectHash() throws(Failure) -> JMESPath {
            var pairs: [(String, JMESPath)] = []
            repeat {
                if current == .comma { advance() }
                let key: String
                switch current {
                case .identifier(let name), .quotedIdentifier(let name): key = name
                default: throw Failure(message: "expected a key in a multiselect hash")
                }
                advance()
                try expect(.colon)
                pairs.append((key, try expression(bindingPower: 0)))
            } while current == .comma
            try expect(.rightBrace)
            return .multiselectHash(pairs)
        }
    }
}
