import Foundation

/// The simulated Azure CLI.
///
/// Parses like the real one (unknown option: exit 2 `unrecognized arguments`; missing option:
/// exit 2 or 1 as the real command does), checks the login, applies the `login-expired` and
/// `throttle` faults, answers from the world, then shapes the answer with `--query` and `--output`.
enum AzTool {
    /// The CLI version the simulator imitates (reference §6 was checked against it).
    static let version = "2.91.0"

    /// Answers one round of an az call.
    static func run(_ invocation: ToolInvocation, world: inout World) -> ToolResult {
        let tokens = invocation.arguments
        if tokens.isEmpty { return .ok(welcome) }
        if tokens == ["--version"] || tokens == ["version"] { return .ok(versionText(json: tokens == ["version"])) }

        let words = Array(tokens.prefix { !$0.hasPrefix("-") })
        guard let command = AzCatalog.command(for: words) else {
            return failure(AzCatalog.unknownCommandMessage(for: words))
        }
        let rest = Array(tokens.dropFirst(command.words.count))
        let arguments: AzArguments
        do {
            arguments = try AzArguments.parse(rest, options: command.allOptions, command: command.name)
        } catch {
            return failure(.usage(error.message))
        }
        if arguments.has("--help") { return .ok(help(for: command)) }

        let format = (arguments.value("--output") ?? invocation.environment["AZ_CORE_OUTPUT"] ?? "json").lowercased()
        var query: JMESPath?
        if let text = arguments.value("--query") {
            do {
                query = try JMESPath.compile(text)
            } catch {
                return failure(
                    AzFailure(
                        message: "argument --query: invalid jmespath_type value: \(pythonRepr(text))\n"
                            + "To learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'",
                        exitCode: 2))
            }
        }

        var request = AzRequest(arguments: arguments, invocation: invocation)
        if invocation.round == 0 {
            if let missing = missingArguments(command, arguments) { return failure(missing) }
            if let refusal = gate(command, world: &world) { return failure(refusal) }
        }

        let outcome = command.run(&request, &world)
        let quiet = arguments.has("--only-show-errors")
        let stderr = (request.notices + (quiet ? [] : request.warnings)).map { $0 + "\n" }.joined()
        switch outcome {
        case .pending(let interval):
            return ToolResult(stderr: stderr, next: .again(after: interval))
        case .failure(let failure):
            return ToolResult(stderr: stderr + failure.rendered, exitCode: failure.exitCode)
        case .delayedFailure(let failure, let delay):
            return ToolResult(stderr: stderr + failure.rendered, exitCode: failure.exitCode, sleep: delay)
        case .text(let text):
            return ToolResult(stdout: text, stderr: stderr)
        case .result(let value), .delayed(let value, _):
            var sleep: Duration?
            if case .delayed(_, let delay) = outcome { sleep = delay }
            do {
                let stdout = try AzOutput.render(value, format: format, query: query)
                return ToolResult(stdout: stdout, stderr: stderr, sleep: sleep)
            } catch {
                return ToolResult(stderr: stderr + "ERROR: \(error.message)\n", exitCode: 1, sleep: sleep)
            }
        }
    }

    private static func failure(_ failure: AzFailure) -> ToolResult {
        .failure(failure.rendered, code: failure.exitCode)
    }

    /// The real CLI's complaint about the first missing required option, if any.
    private static func missingArguments(_ command: AzCommand, _ arguments: AzArguments) -> AzFailure? {
        if command.isWait,
            !["--created", "--updated", "--deleted", "--exists", "--custom"].contains(where: arguments.has)
        {
            return .plain("incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH")
        }
        let byID = arguments.has("--ids")
        let missing = command.options.filter { $0.required && !arguments.has($0.key) && !byID }
        guard let first = missing.first else { return nil }
        switch command.parser {
        case .argparse:
            return .usage("the following arguments are required: " + missing.map(\.display).joined(separator: ", "))
        case .aaz:
            let spelling = first.names.first { $0.hasPrefix("--") && $0 != "--name" } ?? first.names.last ?? first.key
            return .plain("InvalidArgumentValue: Missing required field: \(spelling)")
        }
    }

    /// The login check and the faults that strike before a command runs.
    private static func gate(_ command: AzCommand, world: inout World) -> AzFailure? {
        let sessionFree = ["login", "logout"].contains(command.words.first ?? "")
        if sessionFree { return nil }
        guard world.account.loggedIn else { return .loginRequired }
        if world.faults.loginExpired {
            world.faults.loginExpired = false
            world.account.loggedIn = false
            let issued = SimCall.timestamp(world.now - .seconds(90 * 86_400))
            return .plain(
                "AADSTS700082: The refresh token has expired due to inactivity. The token was issued on \(issued) "
                    + "and was inactive for 90.00:00:00. Trace ID: \(world.random.guid()) Correlation ID: "
                    + "\(world.random.guid()) Timestamp: \(SimCall.timestamp(world.now))\n"
                    + "Please run 'az login' to setup account.")
        }
        if command.access == .arm, world.faults.throttles > 0 {
            world.faults.throttles -= 1
            return .throttled
        }
        return nil
    }

    /// Python's `repr` of a string, as argparse quotes a bad value.
    private static func pythonRepr(_ text: String) -> String {
        if text.contains("'") && !text.contains("\"") { return "\"" + text + "\"" }
        return "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    private static let welcome = """

             /\\
            /  \\    _____   _ _  ___ _
           / /\\ \\  |_  / | | | \\'__/ _\\
          / ____ \\  / /| |_| | | |  __/
         /_/    \\_\\/___|\\__,_|_|  \\___|


        Welcome to the cool new Azure CLI! (simulated by capzflow-sim)

        Use `az --version` to display the current version.

        """

    private static func versionText(json: Bool) -> String {
        if json {
            return JSONText.render(
                ["azure-cli": .string(version), "azure-cli-core": .string(version), "azure-cli-telemetry": "1.1.0",
                 "extensions": [:]], style: .azure) + "\n"
        }
        return """
            azure-cli                         \(version)

            core                              \(version)
            telemetry                          1.1.0

            Python location '/opt/az/bin/python3'
            Extensions directory '~/.azure/cliextensions'

            Python (Linux) 3.12.10

            Legal docs and information: aka.ms/AzureCliLegal

            (simulated by capzflow-sim)

            """
    }

    private static func help(for command: AzCommand) -> String {
        var lines = ["", "Command", "    \(command.name) : (simulated by capzflow-sim)", "", "Arguments"]
        for option in command.options {
            lines.append("    " + option.names.joined(separator: " ") + (option.required ? " [Required]" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
