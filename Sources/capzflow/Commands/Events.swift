import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation

extension CapzFlow {
    /// `capzflow events`: a run's audit trail.
    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "events",
            abstract: "Show every event of a run: a readable timeline, or JSON lines.",
            discussion: """
                With --json, one object per line with seq (1, 2, 3… without gaps), time (RFC 3339, \
                UTC, milliseconds), type, step and attempt where they apply, and the event's fields.

                Exit codes: 0 shown, 2 invalid input or output that could not be written (a full disk), 4 no such run.

                Example:
                  capzflow events 20261125-120305-k7qd --json | grep retry_scheduled
                """)

        @Argument(help: ArgumentHelp("The run to show.", valueName: "run-id"))
        var runId: String

        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func run() async throws {
            guard let store = try state.openForReading(for: runId) else { return }
            guard try store.run(runId) != nil else { throw RunnerError.noSuchRun(runId) }
            let stored = try store.events(of: runId)
            if output.json {
                for item in stored {
                    var object = JSONText.object(item.payload)
                    object["seq"] = item.seq
                    object["time"] = EventJSON.timestamp(item.at)
                    object["type"] = item.type
                    object["run_id"] = runId
                    if let step = item.step { object["step"] = step }
                    if let attempt = item.attempt { object["attempt"] = attempt }
                    Console.out(JSONText.encode(object))
                }
                return
            }
            var state = RunState()
            for item in stored {
                let event = try Event.decode(type: item.type, payload: item.payload)
                state = evolve(state, RecordedEvent(seq: item.seq, at: item.at, event: event))
                let seq = String(item.seq).padding(toLength: 5, withPad: " ", startingAt: 0)
                let type = item.type.padding(toLength: 21, withPad: " ", startingAt: 0)
                Console.out("\(seq)\(TimeText.full(item.at))  \(type) \(EventLine.describe(event, at: item.at, state: state))")
            }
        }
    }
}
