/// Flags parsed the way Go's cobra/pflag parse them (kubectl, helm, tilt, clusterctl): flags
/// anywhere among the arguments, `--flag=value` or `--flag value`, `-ovalue` for shorthands,
/// booleans as `--flag` or `--flag=false`, and `--` ending the flags.
struct CommandFlags {
    /// A flag a command declares.
    struct Spec {
        /// Its spellings (`--output`, `-o`).
        let names: [String]
        /// Whether it takes a value.
        let takesValue: Bool

        /// The key its values are stored under: its first spelling.
        var key: String { names[0] }

        /// A flag with a value.
        static func value(_ names: String...) -> Spec { Spec(names: names, takesValue: true) }

        /// A boolean flag.
        static func bool(_ names: String...) -> Spec { Spec(names: names, takesValue: false) }
    }

    /// The arguments that are not flags, in order.
    var positionals: [String] = []
    /// Values by key, in order given (booleans hold `true`/`false`).
    var values: [String: [String]] = [:]
    /// The arguments after `--`.
    var passthrough: [String] = []

    /// The last value of `key`.
    func value(_ key: String) -> String? { values[key]?.last }

    /// Whether boolean `key` is on.
    func isOn(_ key: String) -> Bool { values[key]?.last.map { $0 != "false" } ?? false }

    /// Parses `tokens` against `specs`; an unknown flag fails with pflag's message.
    static func parse(_ tokens: [String], specs: [Spec]) -> Result<CommandFlags, KubeFailure> {
        var flags = CommandFlags()
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token == "--" {
                flags.passthrough = Array(tokens[index...])
                break
            }
            guard token.hasPrefix("-"), token.count > 1 else {
                flags.positionals.append(token)
                continue
            }
            var spelling = token
            var inline: String?
            if let equals = token.firstIndex(of: "=") {
                spelling = String(token[..<equals])
                inline = String(token[token.index(after: equals)...])
            } else if !token.hasPrefix("--"), token.count > 2 {
                spelling = String(token.prefix(2))
                inline = String(token.dropFirst(2))
            }
            guard let spec = specs.first(where: { $0.names.contains(spelling) }) else {
                if spelling.hasPrefix("--") { return .failure(KubeFailure("error: unknown flag: \(spelling)")) }
                return .failure(KubeFailure("error: unknown shorthand flag: '\(spelling.dropFirst())' in \(token)"))
            }
            if spec.takesValue {
                if let inline {
                    flags.values[spec.key, default: []].append(inline)
                } else if index < tokens.count {
                    flags.values[spec.key, default: []].append(tokens[index])
                    index += 1
                } else {
                    return .failure(KubeFailure("error: flag needs an argument: \(spelling)"))
                }
            } else {
                flags.values[spec.key, default: []].append(inline ?? "true")
            }
        }
        return .success(flags)
    }
}
