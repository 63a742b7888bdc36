import CapzFlowCore
import Foundation

/// Reads `--env-file` files: `NAME=value` lines, optionally `export`ed or quoted.
///
/// The values join the run's environment (for `requires.env` and every step) and are never
/// stored, like the rest of the environment.
public enum EnvFile {
    /// The variables in the file at `path`.
    ///
    /// - Throws: `RunnerError.badEnvFile` naming the line of the first malformed entry, or
    ///   `.unreadableWorkflow`-style errors when the file cannot be read.
    public static func load(_ path: String) throws(RunnerError) -> [String: String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .badEnvFile(path: path, line: nil, reason: "cannot read the env file (\(error.localizedDescription)); check the path given to --env-file")
        }
        var values: [String: String] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw .badEnvFile(path: path, line: index + 1, reason: "'\(line)' has no '='")
            }
            let name = String(line[..<equals])
            guard WorkflowNames.isVariableName(name) else {
                throw .badEnvFile(path: path, line: index + 1, reason: "'\(name)' is not a valid variable name")
            }
            var value = String(line[line.index(after: equals)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        return values
    }
}
