import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation

extension CapzFlow {
    /// `capzflow cancel`: stop a run for good.
    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel a run: its live runner stops the running steps; nothing new starts.",
            discussion: """
                Recorded as a run.cancelled event. A cancelled run can still be resumed later.

                Services a run started (a `service` step) keep running: stop them yourself.

                Exit codes: 0 cancelled, 2 the run already succeeded or was already cancelled, \
                4 no such run.

                Example:
                  capzflow cancel 20261125-120305-k7qd
                """)

        @Argument(help: ArgumentHelp("The run.", valueName: "run-id"))
        var runId: String

        @OptionGroup var state: StateOptions

        func run() async throws {
            guard let store = try state.openExisting(for: runId) else { return }
            let history = try RunHistory.load(runId, store: store)
            guard history.state.status != .succeeded, history.state.status != .cancelled else {
                throw Refusal("run \(runId) already \(history.state.status.rawValue); there is nothing to cancel")
            }
            let by = Invoker.current(environment: ProcessInfo.processInfo.environment)
            let event = Event.runCancelled(RunCancelled(by: by))
            let now = Date()
            _ = try store.appendUnfenced([NewEvent(at: now, type: event.type, payload: event.payloadJSON())], to: runId,
                                         status: RunStatusUpdate(status: RunStatus.cancelled.rawValue, finishedAt: now))
            if let holder = try LiveStatus.liveHolder(runId, store: store) {
                Console.out("run \(runId) cancelled; its runner (pid \(holder.pid) on \(holder.host)) is stopping its steps")
            } else {
                Console.out("run \(runId) cancelled")
            }
        }
    }
}
