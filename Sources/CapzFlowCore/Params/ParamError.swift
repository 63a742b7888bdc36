/// Why the parameters given for a run were refused.
public enum ParamError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknown(name: String, workflow: String, known: [String])
    case givenTwice(String)
    case notAllowed(name: String, value: String, allowed: [String])
    case missing([String])
    case generationFailed(name: String, reason: String)

    public var description: String {
        switch self {
        case let .malformed(text):
            return "--param '\(text)' is not NAME=VALUE; write for example --param FLAVOR=apiserver-ilb"
        case let .unknown(name, workflow, known):
            let hint = NodeReader.closest(to: name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            let list = known.isEmpty ? "it takes none" : "it takes: " + known.joined(separator: ", ")
            return "workflow '\(workflow)' has no parameter '\(name)'\(hint); \(list)"
        case let .givenTwice(name):
            return "parameter '\(name)' is given twice; give it once"
        case let .notAllowed(name, value, allowed):
            return "'\(value)' is not an allowed value of \(name); use one of: \(allowed.joined(separator: ", "))"
        case let .missing(names):
            return "missing required parameter\(names.count > 1 ? "s" : ""): "
                + names.map { "--param \($0)=VALUE" }.joined(separator: " ")
        case let .generationFailed(name, reason):
            return "could not generate a value for \(name): \(reason); give one with --param \(name)=VALUE"
        }
    }
}
