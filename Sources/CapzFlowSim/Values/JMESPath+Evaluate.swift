extension JMESPath {
    /// Why an expression that compiled could not be evaluated (an unknown function, a wrong argument).
    struct EvaluationFailure: Error, Equatable {
        let message: String
    }

    /// The expression applied to `value`, with jmespath.py's semantics (projections drop nulls).
    func evaluate(_ value: JSONValue) throws(EvaluationFailure) -> JSONValue {
        switch self {
        case .identity, .current:
            return value
        case .field(let name):
            return value[name]
        case .literal(let literal):
            return literal
        case .subexpression(let left, let right):
            return try right.evaluate(left.evaluate(value))
        case .index(let index):
            guard case .array(let items) = value else { return .null }
            let position = index < 0 ? items.count + index : index
            return items.indices.contains(position) ? items[position] : .null
        case .slice(let start, let stop, let step):
            guard case .array(let items) = value else { return .null }
            return .array(Self.slice(items, start: start, stop: stop, step: step ?? 1))
        case .projection(let left, let right):
            guard case .array(let items) = try left.evaluate(value) else { return .null }
            return .array(try items.map { item throws(EvaluationFailure) in try right.evaluate(item) }.filter { $0 != .null })
        case .valueProjection(let left, let right):
            guard case .object(let object) = try left.evaluate(value) else { return .null }
            return .array(try object.pairs.map { pair throws(EvaluationFailure) in try right.evaluate(pair.value) }.filter { $0 != .null })
        case .filterProjection(let left, let right, let condition):
            guard case .array(let items) = try left.evaluate(value) else { return .null }
            var kept: [JSONValue] = []
            for item in items where try condition.evaluate(item).isTruthy {
                let projected = try right.evaluate(item)
                if projected != .null { kept.append(projected) }
            }
            return .array(kept)
        case .flatten(let inner):
            guard case .array(let items) = try inner.evaluate(value) else { return .null }
            return .array(items.flatMap { $0.arrayValue ?? [$0] })
        case .pipe(let left, let right):
            return try right.evaluate(left.evaluate(value))
        case .or(let left, let right):
            let first = try left.evaluate(value)
            return first.isTruthy ? first : try right.evaluate(value)
        case .and(let left, let right):
            let first = try left.evaluate(value)
            return first.isTruthy ? try right.evaluate(value) : first
        case .not(let inner):
            return .bool(!(try inner.evaluate(value).isTruthy))
        case .comparison(let operation, let left, let right):
            return Self.compare(operation, try left.evaluate(value), try right.evaluate(value))
        case .multiselectList(let items):
            if value == .null { return .null }
            return .array(try items.map { item throws(EvaluationFailure) in try item.evaluate(value) })
        case .multiselectHash(let pairs):
            if value == .null { return .null }
            var object = JSONObject()
            for (key, expression) in pairs { object[key] = try expression.evaluate(value) }
            return .object(object)
        case .function(let name, let arguments):
            let values = try arguments.map { argument throws(EvaluationFailure) -> JSONValue in
                if case .expressionReference = argument { return .null }
                return try argument.evaluate(value)
            }
            return try Self.call(name, values)
        case .expressionReference:
            return .null
        }
    }

    private static func compare(_ operation: String, _ left: JSONValue, _ right: JSONValue) -> JSONValue {
        switch operation {
        case "==": return .bool(left.sameValue(as: right))
        case "!=": return .bool(!left.sameValue(as: right))
        default:
            guard let first = left.number, let second = right.number else { return .null }
            switch operation {
            case "<": return .bool(first < second)
            case "<=": return .bool(first <= second)
            case ">": return .bool(first > second)
            default: return .bool(first >= second)
            }
        }
    }

    private static func slice(_ items: [JSONValue], start: Int?, stop: Int?, step: Int) -> [JSONValue] {
        guard step != 0 else { return [] }
        let count = items.count
        func clamp(_ index: Int?, _ fallback: Int) -> Int {
            guard var index else { return fallback }
            if index < 0 { index += count }
            return step > 0 ? min(max(index, 0), count) : min(max(index, -1), count - 1)
        }
        var output: [JSONValue] = []
        var index = clamp(start, step > 0 ? 0 : count - 1)
        let end = clamp(stop, step > 0 ? count : -1)
        while step > 0 ? index < end : index > end {
            output.append(items[index])
            index += step
        }
        return output
    }

    private static func call(_ name: String, _ arguments: [JSONValue]) throws(EvaluationFailure) -> JSONValue {
        func argumentCount(_ expected: Int) throws(EvaluationFailure) {
            guard arguments.count == expected else {
                throw EvaluationFailure(
                    message: "Expected \(expected) arguments for function \(name)(), received \(arguments.count)")
            }
        }
        switch name {
        case "starts_with", "ends_with":
            try argumentCount(2)
            guard let text = arguments[0].stringValue, let affix = arguments[1].stringValue else {
                throw EvaluationFailure(message: "In function \(name)(), invalid type for value: expected one of: ['string']")
            }
            return .bool(name == "starts_with" ? text.hasPrefix(affix) : text.hasSuffix(affix))
        case "contains":
            try argumentCount(2)
            switch arguments[0] {
            case .string(let text): return .bool(arguments[1].stringValue.map { text.contains($0) } ?? false)
            case .array(let items): return .bool(items.contains { $0.sameValue(as: arguments[1]) })
            default: throw EvaluationFailure(message: "In function contains(), invalid type for value")
            }
        case "length":
            try argumentCount(1)
            switch arguments[0] {
            case .string(let text): return .int(text.count)
            case .array(let items): return .int(items.count)
            case .object(let object): return .int(object.count)
            default: throw EvaluationFailure(message: "In function length(), invalid type for value")
            }
        case "to_string":
            try argumentCount(1)
            if case .string = arguments[0] { return arguments[0] }
            return .string(JSONText.render(arguments[0], style: .compact))
        case "join":
            try argumentCount(2)
            guard let separator = arguments[0].stringValue, let items = arguments[1].arrayValue else {
                throw EvaluationFailure(message: "In function join(), invalid type for value")
            }
            return .string(items.compactMap(\.stringValue).joined(separator: separator))
        case "keys":
            try argumentCount(1)
            return .strings(arguments[0].objectValue?.keys ?? [])
        case "values":
            try argumentCount(1)
            return .array(arguments[0].objectValue?.pairs.map(\.value) ?? [])
        case "sort":
            try argumentCount(1)
            let items = arguments[0].arrayValue ?? []
            return .array(items.sorted { ($0.stringValue ?? "", $0.number ?? 0) < ($1.stringValue ?? "", $1.number ?? 0) })
        case "not_null":
            return arguments.first { $0 != .null } ?? .null
        case "type":
            try argumentCount(1)
            switch arguments[0] {
            case .null: return "null"
            case .bool: return "boolean"
            case .int, .double: return "number"
            case .string: return "string"
            case .array: return "array"
            case .object: return "object"
            }
        default:
            throw EvaluationFailure(message: "Unknown function: \(name)()")
        }
    }
}
