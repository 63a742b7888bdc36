/// A parameter a run takes: given with `--param`, defaulted, or generated once at start.
///
/// Whatever its source, the value is fixed when the run starts and stored with it, so a
/// retried or resumed step addresses the same resources as the first attempt did.
public struct ParamSpec: Sendable, Equatable {
    /// The parameter's name, which is also the environment variable steps see.
    public var name: String
    /// The value used when none is given.
    public var defaultValue: String?
    /// A bash command run once when the run starts; its trimmed standard output is the value.
    public var generate: String?
    /// Whether a value must be given on the command line.
    public var required: Bool
    /// The only values accepted, when not empty.
    public var allowed: [String]
    /// Other accepted spellings mapped to the canonical value (`apiserver-ilb-windows` →
    /// `windows-apiserver-ilb`), so an old guide's name still works and the run records the new one.
    public var aliases: [String: String]
    /// What the parameter means, for `--help`-like listings.
    public var description: String?

    public init(
        name: String, defaultValue: String? = nil, generate: String? = nil, required: Bool = false,
        allowed: [String] = [], aliases: [String: String] = [:], description: String? = nil
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.generate = generate
        self.required = required
        self.allowed = allowed
        self.aliases = aliases
        self.description = description
    }
}
