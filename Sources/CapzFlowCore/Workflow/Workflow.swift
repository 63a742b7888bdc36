/// A workflow definition: parameters, environment, requirements and the steps to run.
///
/// It is the parsed, validated form of a workflow file. A run pins the file's text when it
/// starts, and every resume parses that pinned text again, so a `Workflow` is never stored
/// itself: only the text it came from.
public struct Workflow: Sendable, Equatable {
    /// The name a run records (`capz-aks-ilb`).
    public var name: String
    /// What the workflow does, for people.
    public var description: String?
    /// Parameters in file order.
    public var params: [ParamSpec]
    /// Variables set for every step, in file order.
    public var env: [EnvVar]
    /// What must exist before anything runs.
    public var requires: Requirements
    /// Names whose values are masked wherever they are stored or shown.
    public var secrets: [String]
    /// Steps in file order; the order `status` shows and `resume --from` counts in.
    public var steps: [Step]

    public init(
        name: String, description: String? = nil, params: [ParamSpec] = [], env: [EnvVar] = [],
        requires: Requirements = Requirements(), secrets: [String] = [], steps: [Step]
    ) {
        self.name = name
        self.description = description
        self.params = params
        self.env = env
        self.requires = requires
        self.secrets = secrets
        self.steps = steps
    }

    /// The step with `id`, if the workflow has one.
    public func step(_ id: String) -> Step? { steps.first { $0.id == id } }

    /// The position of step `id` in file order.
    public func index(of id: String) -> Int? { steps.firstIndex { $0.id == id } }
}

/// One `NAME: value` pair of an `env:` block, kept in file order.
public struct EnvVar: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The `requires:` block: environment variables and commands checked before a run starts.
public struct Requirements: Sendable, Equatable {
    /// Variables that must be set (non-empty) in the run's environment.
    public var env: [String]
    /// Programs that must be found on `PATH`.
    public var commands: [String]

    public init(env: [String] = [], commands: [String] = []) {
        self.env = env
        self.commands = commands
    }
}
