/// One option of an az command, as its argument parser declares it.
struct AzOption: Sendable {
    /// How many values the option takes.
    enum Arity: Sendable {
        /// Exactly one (`--name N`).
        case one
        /// One or more, up to the next option (`--tags a=1 b=2`, `--destination-port-ranges 443 6443`).
        case many
        /// None (`--yes`, `--created`).
        case none
        /// An optional boolean (`--no-wait`, `--allow-vnet-access true`).
        case optionalBool
    }

    /// The spellings, in the order az's messages list them (`--name/-n`).
    let names: [String]
    /// How many values it takes.
    let arity: Arity
    /// Whether the command fails without it.
    let required: Bool
    /// The values it accepts (case-insensitive), when restricted.
    let choices: [String]?

    /// The key values are stored under: the first long spelling.
    var key: String { names.first { $0.hasPrefix("--") } ?? names[0] }

    /// The spellings joined as az prints them in "the following arguments are required".
    var display: String { names.joined(separator: "/") }

    /// An option with one value, spelled by `names` (space-separated, in message order).
    static func value(_ names: String, required: Bool = false, choices: [String]? = nil) -> AzOption {
        AzOption(names: names.split(separator: " ").map(String.init), arity: .one, required: required, choices: choices)
    }

    /// An option with one or more values.
    static func list(_ names: String, required: Bool = false) -> AzOption {
        AzOption(names: names.split(separator: " ").map(String.init), arity: .many, required: required, choices: nil)
    }

    /// A flag without a value.
    static func flag(_ names: String) -> AzOption {
        AzOption(names: names.split(separator: " ").map(String.init), arity: .none, required: false, choices: nil)
    }

    /// A boolean that may be given a value (`true`, `false`, `yes`, `1`, …).
    static func bool(_ names: String, required: Bool = false) -> AzOption {
        AzOption(
            names: names.split(separator: " ").map(String.init), arity: .optionalBool, required: required,
            choices: AzOption.booleanWords)
    }

    /// The words az accepts for a boolean.
    static let booleanWords = ["0", "1", "f", "false", "n", "no", "t", "true", "y", "yes"]

    /// The options every command has.
    static let global: [AzOption] = [
        .value("--output -o", choices: ["json", "jsonc", "none", "table", "tsv", "yaml", "yamlc"]),
        .value("--query"), .flag("--only-show-errors"), .flag("--debug"), .flag("--verbose"), .flag("--help -h"),
    ]
}
