/// The consistency rules of one parameter declaration.
enum ParamRules {
    static func check(_ spec: ParamSpec, secrets: [String], reader: NodeReader) throws(WorkflowError) {
        let sources = [spec.defaultValue != nil, spec.generate != nil, spec.required].filter { $0 }.count
        guard sources <= 1 else {
            throw reader.fail("parameter '\(spec.name)' may have only one of default, generate and required: true")
        }
        if WorkflowNames.looksSecret(spec.name) || secrets.contains(spec.name) {
            throw reader.fail("parameter '\(spec.name)' looks like a secret; parameters are stored with the run, so pass secrets through the environment (requires.env and secrets:) instead")
        }
        if let value = spec.defaultValue, !spec.allowed.isEmpty, !spec.allowed.contains(value) {
            throw reader.fail("default '\(value)' of '\(spec.name)' is not one of allowed: \(spec.allowed.joined(separator: ", "))")
        }
        for (alias, target) in spec.aliases where !spec.allowed.isEmpty && !spec.allowed.contains(target) {
            throw reader.fail("alias '\(alias)' of '\(spec.name)' points at '\(target)', which is not one of allowed")
        }
    }
}
