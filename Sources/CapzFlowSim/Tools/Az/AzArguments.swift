/// The options of one az call, parsed the way argparse parses them (with az's messages).
struct AzArguments: Sendable {
    /// Values by option key (`--name`); flags hold `["true"]`.
    private(set) var values: [String: [String]] = [:]

    /// Why the command line does not parse: the message (without `ERROR: `) and exit 2.
    struct Failure: Error, Equatable {
        let message: String
    }

    /// The single value of `key`, if given.
    func value(_ key: String) -> String? { values[key]?.last }

    /// The values of a list option, if given.
    func list(_ key: String) -> [String]? { values[key] }

    /// Whether `key` was given.
    func has(_ key: String) -> Bool { values[key] != nil }

    /// A boolean option: true when given bare or with a true word, false when absent or false.
    func flag(_ key: String) -> Bool {
        guard let value = values[key]?.last else { return false }
        return ["1", "t", "true", "y", "yes"].contains(value.lowercased())
    }

    /// `--tags k=v …` as a dictionary.
    func tags(_ key: String = "--tags") -> [String: String] {
        var tags: [String: String] = [:]
        for entry in list(key) ?? [] where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            tags[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return tags
    }

    /// Parses `tokens` against the options of `command` (`az group exists`, for messages).
    ///
    /// Long options may be abbreviated to a unique prefix (argparse's `allow_abbrev`), and
    /// `--name=value` is accepted. Errors: unrecognized arguments, ambiguous options, a missing
    /// or invalid value — the messages argparse gives.
    static func parse(_ tokens: [String], options: [AzOption], command: String) throws(Failure) -> AzArguments {
        var parsed = AzArguments()
        var unrecognized: [String] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            guard token.hasPrefix("-"), token.count > 1, Double(token) == nil else {
                unrecognized.append(token)
                continue
            }
            var spelling = token
            var inline: String?
            if token.hasPrefix("--"), let equals = token.firstIndex(of: "=") {
                spelling = String(token[..<equals])
                inline = String(token[token.index(after: equals)...])
            }
            guard let option = try match(spelling, in: options) else {
                unrecognized.append(token)
                continue
            }
            var taken: [String] = []
            switch option.arity {
            case .none:
                if let inline { throw Failure(message: "argument \(option.display): ignored explicit argument '\(inline)'") }
                taken = ["true"]
            case .optionalBool, .one:
                if let inline {
                    taken = [inline]
                } else if index < tokens.count, !isOptionLike(tokens[index]) {
                    taken = [tokens[index]]
                    index += 1
                } else if option.arity == .optionalBool {
                    taken = ["true"]  // `--flag` alone means true
                } else {
                    throw Failure(message: "argument \(option.display): expected one argument")
                }
            case .many:
                if let inline { taken = [inline] }
                while index < tokens.count, !isOptionLike(tokens[index]) {
                    taken.append(tokens[index])
                    index += 1
                }
                if taken.isEmpty { throw Failure(message: "argument \(option.display): expected at least one argument") }
            }
            if let choices = option.choices {
                for value in taken where !choices.contains(where: { $0.lowercased() == value.lowercased() }) {
                    if option.arity == .optionalBool {
                        throw Failure(message: "argument \(option.display): invalid choice: '\(value)' (choose from '\(choices.joined(separator: "', '"))')")
                    }
                    throw Failure(
                        message: "\(command): '\(value)' is not a valid value for '\(option.key)'. "
                            + "Allowed values: \(choices.joined(separator: ", ")).")
                }
            }
            parsed.values[option.key] = taken
        }
        if !unrecognized.isEmpty {
            throw Failure(message: "unrecognized arguments: " + unrecognized.joined(separator: " "))
        }
        return parsed
    }

    /// Whether argparse treats `token` as an option (and so not as a value).
    private static func isOptionLike(_ token: String) -> Bool {
        token.hasPrefix("-") && token.count > 1 && Double(token) == nil
    }

    private static func match(_ spelling: String, in options: [AzOption]) throws(Failure) -> AzOption? {
        if let exact = options.first(where: { $0.names.contains(spelling) }) { return exact }
        guard spelling.hasPrefix("--") else { return nil }
        let candidates = options.flatMap { option in
            option.names.filter { $0.hasPrefix(spelling) }.map { (option, $0) }
        }
        let distinct = Set(candidates.map(\.0.key))
        if distinct.count > 1 {
            throw Failure(
                message: "ambiguous option: \(spelling) could match \(candidates.map(\.1).joined(separator: ", "))")
        }
        return candidates.first?.0
    }
}
