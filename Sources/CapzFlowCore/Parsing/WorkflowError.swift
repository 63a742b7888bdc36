/// Why a workflow file was refused.
///
/// Every case names the file and, where the YAML gives one, the line, plus the field path
/// (`steps[2].retry.attempts`), so the author can go straight to the problem.
public enum WorkflowError: Error, Equatable, CustomStringConvertible {
    /// The text is not valid YAML.
    case syntax(file: String, line: Int?, message: String)
    /// A field is missing, unknown, of the wrong type or out of range.
    case invalid(file: String, line: Int?, field: String, message: String)

    public var description: String {
        switch self {
        case let .syntax(file, line, message):
            return "\(Self.location(file, line)): not valid YAML: \(message)"
        case let .invalid(file, line, field, message):
            let at = field.isEmpty ? "" : "\(field): "
            return "\(Self.location(file, line)): \(at)\(message)"
        }
    }

    private static func location(_ file: String, _ line: Int?) -> String {
        line.map { "\(file):\($0)" } ?? file
    }
}
