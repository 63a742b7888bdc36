/// Fixes a run's parameter values from what was given, the defaults and the aliases.
///
/// Runs once, when the run starts; the result is stored with the run and never computed
/// again, so every attempt and every resume sees the same values. Parameters declared with
/// `generate:` and not given are returned for the runner to generate (that runs a command).
public enum ParamResolver {
    /// Splits `NAME=VALUE` command-line arguments.
    public static func parseAssignments(_ arguments: [String]) throws(ParamError) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw .malformed(argument)
            }
            let name = String(argument[..<equals])
            guard !result.contains(where: { $0.name == name }) else { throw .givenTwice(name) }
            result.append((name, String(argument[argument.index(after: equals)...])))
        }
        return result
    }

    /// The values known without running anything, and the parameters still to generate.
    ///
    /// - Throws: `ParamError` for an unknown name, a value outside `allowed`, or a missing
    ///   required parameter.
    public static func resolve(_ workflow: Workflow, given: [(name: String, value: String)]) throws(ParamError)
        -> (values: [String: String], toGenerate: [ParamSpec])
    {
        var values: [String: String] = [:]
        for (name, value) in given {
            guard let spec = workflow.params.first(where: { $0.name == name }) else {
                throw .unknown(name: name, workflow: workflow.name, known: workflow.params.map(\.name))
            }
            values[name] = try canonical(value, for: spec)
        }
        var missing: [String] = []
        var toGenerate: [ParamSpec] = []
        for spec in workflow.params where values[spec.name] == nil {
            if let value = spec.defaultValue {
                values[spec.name] = value
            } else if spec.generate != nil {
                toGenerate.append(spec)
            } else if spec.required {
                missing.append(spec.name)
            }
        }
        guard missing.isEmpty else { throw .missing(missing) }
        return (values, toGenerate)
    }

    /// `value` after alias mapping, checked against `allowed`.
    public static func canonical(_ value: String, for spec: ParamSpec) throws(ParamError) -> String {
        let mapped = spec.aliases[value] ?? value
        guard spec.allowed.isEmpty || spec.allowed.contains(mapped) else {
            throw .notAllowed(name: spec.name, value: value, allowed: spec.allowed)
        }
        return mapped
    }
}
