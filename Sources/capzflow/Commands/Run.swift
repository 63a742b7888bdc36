import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import Foundation

extension CapzFlow {
    /// `capzflow run`: start a workflow as a new run.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Start a workflow as a new, durable run.",
            discussion: """
                Every input is checked before anything is written: the workflow file, its required \
                environment variables and commands, and the parameters. Parameter values — given, \
                defaulted or generated — are pinned when the run starts, so a retry or a resume \
                never names a resource differently. Environment values (including --env-file ones) \
                are never stored.

                Exit codes: 0 succeeded, 1 failed or cancelled, 2 invalid input, 130 interrupted \
                (then `capzflow resume RUN_ID` continues).

                With --simulate the workflow runs against capzflow's simulated Azure, make, Tilt, \
                kubectl, helm and clusterctl, in a world that belongs to the run (resume continues \
                in it); `capzflow sim calls RUN_ID` lists every command the rehearsal issued.

                Example:
                  capzflow run workflows/example-retry-poll.yaml --param GREETING=hello --run-id demo-1
                  capzflow run workflows/capz-aks-ilb.yaml --simulate --env-file workflows/capz-aks-ilb.env.example
                """)

        @Argument(help: ArgumentHelp("The workflow file to run.", valueName: "workflow"))
        var workflow: String

        @Option(name: .customLong("param"), help: ArgumentHelp("A parameter value, NAME=VALUE (repeatable).", valueName: "name=value"))
        var params: [String] = []

        @Option(name: .long, help: ArgumentHelp("Load NAME=value lines into the run's environment (never stored).", valueName: "file"))
        var envFile: String?

        @Option(name: .long, help: ArgumentHelp("Choose the run id (default: a generated, time-sortable id).", valueName: "id"))
        var runId: String?

        @Option(name: .long, help: "Run at most this many steps at once.")
        var maxParallel = 4

        @OptionGroup var simulation: SimulationFlags
        @OptionGroup var state: StateOptions

        func validate() throws {
            guard (1...64).contains(maxParallel) else { throw ValidationError("--max-parallel must be between 1 and 64") }
        }

        func run() async throws {
            var settings = try RunnerSetup.settings(envFile: envFile, maxParallel: maxParallel, state: state)
            var params = self.params
            // Check the workflow, the environment and the parameters before creating a
            // database, so a typo leaves nothing behind.
            let source = try WorkflowSource.load(self.workflow)
            let workflow = source.workflow
            _ = try ParamResolver.resolve(workflow, given: ParamResolver.parseAssignments(params))
            let runId = self.runId ?? RunIdentifier.generate()
            if simulation.simulate {
                guard RunIdentifier.isValid(runId) else { throw RunnerError.badRunId(runId) }
                (settings, params) = try SimulationSetup.apply(
                    runId: runId, flags: simulation, workflow: workflow, params: params, settings: settings, state: state)
            }
            try CapzFlowRunner.Runner.checkRequirements(workflow, environment: settings.environment)
            let store = try state.open()
            let printer = ProgressPrinter(statePath: state.path)
            let result = try await StoppedRun.reporting(runId, store: store, state: state) { () async throws(RunnerError) in
                try await CapzFlowRunner.Runner.start(
                    source, params: params, runId: runId, settings: settings, store: store, observer: printer)
            }
            printer.finish(result)
            let code = ExitCodes.code(for: result.state.status)
            if code != 0 { throw ExitCode(code) }
        }
    }
}
