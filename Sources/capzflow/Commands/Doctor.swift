import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import Foundation

extension CapzFlow {
    /// `capzflow doctor`: the checks a run makes before it starts, alone.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check a workflow's file, environment, tools and preflight step without starting a run.",
            discussion: """
                Validates the file, reports every missing environment variable and command \\
                (not just the first), then runs the workflow's `preflight` step, if it has one, \\
                and prints what it found. Nothing is written to the state database. Parameters \\
                that a run would generate are shown to the preflight step as <generated>.

                Exit codes: 0 all good, 2 something to fix (each problem is named with how to fix it).

                Example:
                  capzflow doctor workflows/capz-aks-ilb.yaml --env-file my.env
                """)

        @Argument(help: ArgumentHelp("The workflow file.", valueName: "workflow"))
        var workflow: String

        @Option(name: .customLong("param"), help: ArgumentHelp("A parameter value, NAME=VALUE (repeatable).", valueName: "name=value"))
        var params: [String] = []

        @Option(name: .long, help: ArgumentHelp("Load NAME=value lines into the environment (never stored).", valueName: "file"))
        var envFile: String?

        @OptionGroup var simulation: SimulationFlags
        @OptionGroup var state: StateOptions

        func run() async throws {
            var settings = try RunnerSetup.settings(envFile: envFile, maxParallel: 1, state: state)
            var params = self.params
            let workflow = try WorkflowSource.load(self.workflow).workflow
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("capzflow-doctor-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            if simulation.simulate {
                let scratchState = try StateOptions.parse(["--state", scratch + "/db.sqlite"])
                (settings, params) = try SimulationSetup.apply(
                    runId: "doctor", flags: simulation, workflow: workflow, params: params, settings: settings, state: scratchState)
            }
            var problems: [String] = []
            let unset = workflow.requires.env.filter { (settings.environment[$0] ?? "").isEmpty }
            if !unset.isEmpty {
                problems.append("environment variables not set: \(unset.joined(separator: ", ")) — export them or pass --env-file FILE with NAME=value lines")
            }
            let absent = CommandSearch.missing(workflow.requires.commands, path: settings.environment["PATH"])
            if !absent.isEmpty {
                problems.append("commands not on PATH: \(absent.joined(separator: ", ")) — install them or add their folder to PATH")
            }
            var (values, toGenerate) = try ParamResolver.resolve(workflow, given: ParamResolver.parseAssignments(params))
            for spec in toGenerate { values[spec.name] = "<generated>" }
            Console.out("\(self.workflow): valid — workflow \(workflow.name), \(workflow.steps.count) steps")
            for problem in problems { Console.out("problem: " + problem) }
            if let preflight = workflow.step("preflight"), case let .run(script) = preflight.action, problems.isEmpty {
                var environment = settings.environment
                for item in workflow.env { environment[item.name] = item.value }
                environment.merge(values) { _, value in value }
                for item in preflight.env { environment[item.name] = item.value }
                let result = try await StepProcess.run(
                    StepProcessRequest(script: script, environment: environment, timeout: preflight.timeout),
                    guardPath: settings.guardPath, recordStart: { _ in }, output: { lines in lines.forEach(Console.out) })
                if result.termination != .exited(0) {
                    problems.append("the preflight step reported problems (above)")
                }
            }
            guard problems.isEmpty else {
                throw Refusal("\(problems.count) problem(s) to fix before `capzflow run \(self.workflow)`")
            }
            Console.out("ready to run: capzflow run \(self.workflow)" + (envFile.map { " --env-file \($0)" } ?? "")
                + (simulation.simulate ? " --simulate" : ""))
        }
    }
}
