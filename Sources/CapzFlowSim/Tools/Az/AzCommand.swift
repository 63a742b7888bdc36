/// One az command the simulator answers: its words, its options, and what it does.
struct AzCommand: Sendable {
    /// How the real command reports missing arguments.
    enum Parser: Sendable {
        /// argparse: `the following arguments are required: --a/-a, --b`, exit 2.
        case argparse
        /// AAZ (generated network commands addressed by ID): `InvalidArgumentValue: Missing
        /// required field: X` for the first one, exit 1.
        case aaz
    }

    /// What the command does to the world.
    enum Access: Sendable {
        /// Local state only (login, account): never throttled.
        case local
        /// A call to Azure Resource Manager: needs a login, may be throttled.
        case arm
    }

    /// The words after `az` (`["network", "vnet", "create"]`).
    let words: [String]
    /// Its own options (the global ones are added).
    let options: [AzOption]
    /// How it reports missing arguments.
    let parser: Parser
    /// Whether it calls ARM.
    let access: Access
    /// Whether it is a `wait` command (needs one of `--created`, `--updated`, …).
    let isWait: Bool
    /// What it does.
    let run: @Sendable (inout AzRequest, inout World) -> AzOutcome

    /// A command.
    init(
        _ words: String, parser: Parser = .argparse, access: Access = .arm, wait: Bool = false,
        options: [AzOption], run: @escaping @Sendable (inout AzRequest, inout World) -> AzOutcome
    ) {
        self.words = words.split(separator: " ").map(String.init)
        self.options = options
        self.parser = parser
        self.access = access
        self.isWait = wait
        self.run = run
    }

    /// `az network vnet create`.
    var name: String { "az " + words.joined(separator: " ") }

    /// Its options and the global ones (and `--subscription` for ARM commands that lack it).
    var allOptions: [AzOption] {
        var all = options + AzOption.global
        if access == .arm, !options.contains(where: { $0.names.contains("--subscription") }) {
            all.append(.value("--subscription"))
        }
        if isWait {
            all += [
                .flag("--created"), .flag("--updated"), .flag("--deleted"), .flag("--exists"), .value("--custom"),
                .value("--interval"), .value("--timeout"),
            ]
        }
        return all
    }
}

/// What an az command answers, before `--output` and `--query` shape it.
enum AzOutcome {
    /// A result to print (nil prints nothing, as for a command that returns nothing).
    case result(JSONValue?)
    /// A result that takes this long to come (a synchronous long-running operation).
    case delayed(JSONValue?, Duration)
    /// An error.
    case failure(AzFailure)
    /// An error that takes this long to come (a long-running operation that times out).
    case delayedFailure(AzFailure, Duration)
    /// Not done yet: look again after this long (a `wait`).
    case pending(Duration)
    /// Done, printing text as is (not shaped by `--output`).
    case text(String)
}

/// An az call being answered: the parsed options plus what the handler may add to stderr.
struct AzRequest {
    /// The parsed options.
    var arguments: AzArguments
    /// The call.
    var invocation: ToolInvocation
    /// Lines for stderr (warnings), dropped with `--only-show-errors`.
    var warnings: [String] = []
    /// Lines for stderr that `--only-show-errors` keeps (a device-code prompt).
    var notices: [String] = []

    /// The first `--ids` entry, read as a resource ID.
    var id: ResourceID? { arguments.list("--ids")?.first.flatMap(ResourceID.init) }

    /// `--name`/`-n` (or the last name of `--ids`).
    var name: String { arguments.value("--name") ?? id?.name ?? "" }

    /// `--resource-group`/`-g` (or the group of `--ids`).
    var group: String { arguments.value("--resource-group") ?? id?.resourceGroup ?? "" }

    /// A parent's name: option `key`, or the name of type `type` in `--ids`.
    func parent(_ key: String, type: String) -> String {
        arguments.value(key) ?? id?.name(ofType: type) ?? ""
    }
}
