import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import CapzFlowSim
import Foundation

extension CapzFlow {
    /// `capzflow sim`: look into the simulated world of a `--simulate` run.
    struct Sim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sim",
            abstract: "Inspect the simulated world of a run started with --simulate.",
            discussion: """
                The transcript (`sim calls`) is what to review before running for real: every \\
                command the rehearsal issued, with its arguments, exit code and step.

                Exit codes: 0 shown, 2 invalid input (the run was not simulated), 4 no such run; \\
                `sim exec` exits with the simulated tool's own code.

                Example:
                  capzflow sim calls 20261125-120305-k7qd --json
                  capzflow sim inventory 20261125-120305-k7qd
                  capzflow sim exec 20261125-120305-k7qd -- az aks list -o json
                """,
            subcommands: [Calls.self, Inventory.self, Exec.self])
    }
}

extension CapzFlow.Sim {
    /// `capzflow sim calls`: the commands a simulated run issued.
    struct Calls: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calls",
            abstract: "List every command the simulated tools answered for a run.",
            discussion: """
                With --json, one object per line: time, tool, argv (without the tool's name), \\
                exit, step, attempt.

                Example:
                  capzflow sim calls 20261125-120305-k7qd --json | grep '"tool":"az"'
                """)

        @Argument(help: ArgumentHelp("The run.", valueName: "run-id"))
        var runId: String

        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func run() async throws {
            let world = try SimWorldAccess.open(runId, state: state)
            for call in try world.calls() {
                if output.json {
                    var object: [String: Any] = [
                        "time": EventJSON.timestamp(call.time), "tool": call.tool, "argv": call.argv, "exit": Int(call.exit),
                    ]
                    object["step"] = call.step ?? NSNull()
                    object["attempt"] = call.attempt.map { $0 as Any } ?? NSNull()
                    Console.out(JSONText.encode(object))
                } else {
                    let where_ = call.step.map { "\($0)#\(call.attempt ?? 0)" } ?? "-"
                    let line = ([call.tool] + call.argv.map(ShellQuote.quote)).joined(separator: " ")
                    Console.out("\(TimeText.clock(call.time))  \(where_.padding(toLength: 22, withPad: " ", startingAt: 0)) exit \(call.exit)  \(line)")
                }
            }
        }
    }

    /// `capzflow sim inventory`: what a rehearsal built, by kind.
    struct Inventory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inventory",
            abstract: "List what a simulated run's world holds: resource groups, clusters, load balancers, DNS zones, peerings, NSG rules.",
            discussion: """
                After a rehearsal there should be exactly one of each thing the workflow creates, \
                however often it was retried, killed or resumed. With --json, one object whose \
                keys are the kinds and whose values are the names.

                Example:
                  capzflow sim inventory 20261125-120305-k7qd --json
                """)

        @Argument(help: ArgumentHelp("The run.", valueName: "run-id"))
        var runId: String

        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func run() async throws {
            let inventory = try SimWorldAccess.open(runId, state: state).inventory()
            let kinds: [(String, [String])] = [
                ("resource_groups", inventory.resourceGroups), ("aks_clusters", inventory.aksClusters),
                ("workload_clusters", inventory.workloadClusters), ("internal_load_balancers", inventory.internalLoadBalancers),
                ("private_dns_zones", inventory.privateDNSZones), ("peerings", inventory.peerings),
                ("security_rules", inventory.securityRules),
            ]
            if output.json {
                Console.out(JSONText.encode(Dictionary(uniqueKeysWithValues: kinds)))
            } else {
                for (kind, names) in kinds {
                    Console.out("\(kind.replacingOccurrences(of: "_", with: " ")) (\(names.count))")
                    for name in names { Console.out("  \(name)") }
                }
            }
        }
    }

    /// `capzflow sim exec`: run one simulated tool against a run's world.
    struct Exec: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exec",
            abstract: "Run one simulated tool (az, kubectl, tilt, helm, clusterctl, make) against a run's world.",
            discussion: """
                Example:
                  capzflow sim exec 20261125-120305-k7qd -- az network lb list --resource-group apiserver-ilb-123 -o table
                """)

        @Argument(help: ArgumentHelp("The run.", valueName: "run-id"))
        var runId: String

        // Only what follows `--` is the tool's, so options such as --state may come before it.
        @Argument(parsing: .postTerminator, help: ArgumentHelp("The tool and its arguments, after --.", valueName: "tool-and-args"))
        var command: [String] = []

        @OptionGroup var state: StateOptions

        func run() async throws {
            guard let tool = command.first else { throw ValidationError("name the tool to run after --, for example: -- az aks list") }
            let world = try SimWorldAccess.open(runId, state: state)
            let code = try SimToolProcess.run(tool: tool, arguments: Array(command.dropFirst()), world: world)
            if code != 0 { throw ExitCode(code) }
        }
    }
}
