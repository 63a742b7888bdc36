import ArgumentParser
import CapzFlowRunner
import Foundation

extension CapzFlow {
    /// `capzflow resume`: continue an interrupted, failed or cancelled run.
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume",
            abstract: "Continue an interrupted, failed or cancelled run where it stopped.",
            discussion: """
                Only one runner drives a run: if its runner is alive, resume exits 3 and names it. \
                A dead runner's lease is taken over (recorded). Steps left running are marked \
                interrupted, their leftover processes are ended, and their `check` probe decides \
                whether they run again. Backoffs and deadlines continue from their recorded times. \
                Failed steps get a fresh retry budget. A run started with --simulate resumes in its \
                simulated world.

                The run keeps the workflow definition it started with; if the file changed, resume \
                says which steps changed, and --reload adopts the file.

                Exit codes: 0 succeeded, 1 failed or cancelled, 2 invalid input, 3 held by a live \
                runner, 4 no such run, 130 interrupted.

                Example:
                  capzflow resume 20261125-120305-k7qd --from deploy-flavor
                """)

        @Argument(help: ArgumentHelp("The run to resume.", valueName: "run-id"))
        var runId: String

        @Option(name: .long, help: ArgumentHelp("Run this step and every step after it again.", valueName: "step"))
        var from: String?

        @Flag(name: .long, help: "Adopt the workflow file on disk instead of the pinned definition.")
        var reload = false

        @Option(name: .long, help: ArgumentHelp("Load NAME=value lines into the run's environment (never stored).", valueName: "file"))
        var envFile: String?

        @Option(name: .long, help: "Run at most this many steps at once.")
        var maxParallel = 4

        @OptionGroup var state: StateOptions

        func validate() throws {
            guard (1...64).contains(maxParallel) else { throw ValidationError("--max-parallel must be between 1 and 64") }
        }

        func run() async throws {
            var settings = try RunnerSetup.settings(envFile: envFile, maxParallel: maxParallel, state: state)
            guard let store = try state.openExisting(for: runId) else { throw RunnerError.noSuchRun(runId) }
            let history = try RunHistory.load(runId, store: store)
            if SimulationSetup.isSimulated(runId: runId, state: state) {
                // A simulated run resumes in its own world, with the faults it started with.
                (settings, _) = try SimulationSetup.apply(
                    runId: runId, flags: nil, workflow: history.workflow, params: [], settings: settings, state: state)
            }
            // Check what will run: the pinned definition, or the file that --reload adopts.
            let workflow = reload ? try WorkflowSource.load(history.workflowPath).workflow : history.workflow
            try CapzFlowRunner.Runner.checkRequirements(workflow, environment: settings.environment)
            let printer = ProgressPrinter(statePath: state.path)
            let result = try await StoppedRun.reporting(runId, store: store, state: state) { () async throws(RunnerError) in
                try await CapzFlowRunner.Runner.resume(
                    runId: runId, from: from, reload: reload, settings: settings, store: store, observer: printer)
            }
            if let nothing = result.nothingToDo {
                Console.out(nothing)
                return
            }
            printer.finish(result)
            let code = ExitCodes.code(for: result.state.status)
            if code != 0 { throw ExitCode(code) }
        }
    }
}
