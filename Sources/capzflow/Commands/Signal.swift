import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation

extension CapzFlow {
    /// `capzflow signal`: deliver a named signal to a run's `await` steps.
    struct Signal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signal",
            abstract: "Deliver a named signal to a run; an `await` step waiting for it completes.",
            discussion: """
                The signal is recorded in the run's events whether or not a step waits for it yet, \
                so it may be sent before the step starts.

                Exit codes: 0 delivered, 2 invalid input, 4 no such run.

                Example:
                  capzflow signal 20261125-120305-k7qd approve
                """)

        @Argument(help: ArgumentHelp("The run.", valueName: "run-id"))
        var runId: String

        @Argument(help: ArgumentHelp("The signal's name.", valueName: "name"))
        var name: String

        @OptionGroup var state: StateOptions

        func validate() throws {
            guard WorkflowNames.isSignalName(name) else {
                throw ValidationError("'\(name)' is not a valid signal name; use letters, digits, '.', '_' and '-'")
            }
        }

        func run() async throws {
            guard let store = try state.openExisting(for: runId) else { return }
            let history = try RunHistory.load(runId, store: store)
            guard history.state.status != .succeeded else {
                throw Refusal("run \(runId) already succeeded; a signal would change nothing")
            }
            let event = Event.signalReceived(SignalReceived(name: name, by: Invoker.current(environment: ProcessInfo.processInfo.environment)))
            _ = try store.appendUnfenced([NewEvent(at: Date(), type: event.type, payload: event.payloadJSON())], to: runId, status: nil)
            let waiting = history.workflow.steps.contains { step in
                if case let .await(signal) = step.action { return signal == name }
                return false
            }
            Console.out("signal '\(name)' delivered to run \(runId)" + (waiting ? "" : " (note: no await step of this workflow waits for it)"))
        }
    }
}
