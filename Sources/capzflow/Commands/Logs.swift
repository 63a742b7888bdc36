import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation

extension CapzFlow {
    /// `capzflow logs`: what a run's steps printed.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "logs",
            abstract: "Print what a run's steps printed (standard output and error, in order, secrets masked).",
            discussion: """
                Every attempt keeps its own log. Without STEP, every step's log is printed, each \
                under a header naming the step and attempt. --follow keeps printing as a live run \
                writes, and stops when the run stops.

                Exit codes: 0 printed, 2 invalid input (for example an unknown step) or output that could not be written, 4 no such run.

                Example:
                  capzflow logs 20261125-120305-k7qd aks-create --attempt 2
                """)

        @Argument(help: ArgumentHelp("The run.", valueName: "run-id"))
        var runId: String

        @Argument(help: ArgumentHelp("Only this step.", valueName: "step"))
        var step: String?

        @Option(name: .long, help: "Only this attempt of the step.")
        var attempt: Int?

        @Flag(name: .long, help: "Keep printing new output until the run stops.")
        var follow = false

        @OptionGroup var state: StateOptions

        func validate() throws {
            if attempt != nil, step == nil { throw ValidationError("--attempt needs a STEP") }
            if let attempt, attempt < 1 { throw ValidationError("--attempt counts from 1") }
        }

        func run() async throws {
            guard let store = try state.openForReading(for: runId) else { return }
            let history = try RunHistory.load(runId, store: store)
            if let step, history.workflow.step(step) == nil {
                throw RunnerError.unknownStep(step, runId: runId, known: history.workflow.steps.map(\.id))
            }
            var afterId: Int64 = 0
            var current: (step: String, attempt: Int)?
            while true {
                let chunks = try store.logs(of: runId, step: step, attempt: attempt, afterId: afterId, limit: 1_000)
                for chunk in chunks {
                    if step == nil || attempt == nil, current.map({ $0 != (chunk.step, chunk.attempt) }) ?? true {
                        Console.out("==> \(chunk.step) attempt \(chunk.attempt) <==")
                        current = (chunk.step, chunk.attempt)
                    }
                    Console.out(chunk.text)
                    afterId = chunk.id
                }
                if chunks.count == 1_000 { continue }
                guard follow else { return }
                if try LiveStatus.liveHolder(runId, store: store) == nil {
                    // The runner is gone: print what it wrote last, then stop.
                    let rest = try store.logs(of: runId, step: step, attempt: attempt, afterId: afterId)
                    for chunk in rest { Console.out(chunk.text) }
                    return
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
