import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import Foundation

extension CapzFlow {
    /// `capzflow validate`: check a workflow file without running it.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check a workflow file without running anything.",
            discussion: """
                Reports the first problem with its file, line and field. Nothing is written.

                Exit codes: 0 valid, 2 invalid.

                Example:
                  capzflow validate workflows/example-retry-poll.yaml
                """)

        @Argument(help: ArgumentHelp("The workflow file.", valueName: "workflow"))
        var workflow: String

        func run() async throws {
            let loaded = try WorkflowSource.load(workflow)
            let parsed = loaded.workflow
            var lines = ["\(workflow): valid — workflow \(parsed.name), \(parsed.steps.count) steps, \(DefinitionHash.of(loaded.text))"]
            for step in parsed.steps {
                let needs = step.needs.isEmpty ? "" : " (needs \(step.needs.joined(separator: ", ")))"
                lines.append("  \(step.id): \(step.action.kind)\(needs)")
            }
            if !parsed.params.isEmpty {
                lines.append("params: " + parsed.params.map { spec in
                    spec.required ? "\(spec.name) (required)" : spec.generate != nil ? "\(spec.name) (generated)" : "\(spec.name)=\(spec.defaultValue ?? "")"
                }.joined(separator: ", "))
            }
            Console.out(lines.joined(separator: "\n"))
        }
    }
}
