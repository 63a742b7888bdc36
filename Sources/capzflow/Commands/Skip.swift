import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation

extension CapzFlow {
    /// `capzflow skip`: mark a failed or pending step done by hand.
    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "skip",
            abstract: "Mark a step that is not running and not done as done by hand, so `resume` continues past it.",
            discussion: """
                The skip is recorded as a step.skipped event with who and why; history is never \
                rewritten.

                A failed, pending, interrupted or cancelled step can be skipped, and so can one \
                waiting for a retry. A live runner sees the skip and does not start the step.

                Exit codes: 0 recorded, 2 invalid input (unknown step, or one that is running or \
                finished), 4 no such run.

                Example:
                  capzflow skip 20261125-120305-k7qd allow-ports --reason "rules opened by the network team"
                """)

        @Argument(help: ArgumentHelp("The run.", valueName: "run-id"))
        var runId: String

        @Argument(help: ArgumentHelp("The step to mark done.", valueName: "step"))
        var step: String

        @Option(name: .long, help: ArgumentHelp("Why the step may be skipped (recorded).", valueName: "text"))
        var reason: String

        @OptionGroup var state: StateOptions

        func validate() throws {
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--reason must say why") }
        }

        func run() async throws {
            guard let store = try state.openExisting(for: runId) else { return }
            let history = try RunHistory.load(runId, store: store)
            guard history.workflow.step(step) != nil else {
                throw RunnerError.unknownStep(step, runId: runId, known: history.workflow.steps.map(\.id))
            }
            let current = history.state.step(step)
            guard [.failed, .pending, .interrupted, .cancelled, .retrying].contains(current.status) else {
                throw Refusal("step \(step) is \(current.status.rawValue); only a step that is not running and not done (failed, pending, interrupted, cancelled or waiting for a retry) can be skipped")
            }
            let by = Invoker.current(environment: ProcessInfo.processInfo.environment)
            let event = Event.stepSkipped(StepSkipped(step: step, source: .user, by: by, reason: reason))
            _ = try store.appendUnfenced([NewEvent(at: Date(), type: event.type, step: step, payload: event.payloadJSON())], to: runId, status: nil)
            let live = try LiveStatus.liveHolder(runId, store: store) != nil
            Console.out("step \(step) of run \(runId) marked skipped"
                + (live ? "; the live runner continues past it" : "; `capzflow resume \(runId)\(StateOptions.flag(for: state.path))` continues after it"))
        }
    }
}
