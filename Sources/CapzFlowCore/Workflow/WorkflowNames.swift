/// The spelling rules for names in a workflow file, in one place.
public enum WorkflowNames {
    /// Step ids: `[a-z0-9-]+`, so they are easy to type in `resume --from` and `logs`.
    public static func isStepId(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// Environment variable, parameter and output names: `[A-Za-z_][A-Za-z0-9_]*`.
    public static func isVariableName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// Workflow names: letters, digits, `.`, `_` and `-`.
    public static func isWorkflowName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// Signal names, as given to `capzflow signal`: the same alphabet as workflow names.
    public static func isSignalName(_ text: String) -> Bool { isWorkflowName(text) }

    /// Whether a variable's name marks its value as secret even when `secrets:` does not list it.
    public static func looksSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["SECRET", "PASSWORD", "TOKEN"].contains { upper.contains($0) }
    }
}
