import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation

extension CapzFlow {
    /// `capzflow status`: where a run stands, step by step.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show a run's status and each step's status, attempts and timing.",
            discussion: """
                A step in a retry backoff, polling its condition or awaiting a signal shows as \
                waiting, with what it waits for. A run whose runner died shows as interrupted.

                Exit codes: 0 shown, 2 invalid input or output that could not be written (a full disk), 4 no such run.

                Example:
                  capzflow status 20261125-120305-k7qd --json
                """)

        @Argument(help: ArgumentHelp("The run to show.", valueName: "run-id"))
        var runId: String

        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func run() async throws {
            guard let store = try state.openForReading(for: runId) else { return }
            let history = try RunHistory.load(runId, store: store)
            let holder = try LiveStatus.liveHolder(runId, store: store)
            let status = LiveStatus.of(stored: history.state.status.rawValue, lease: try store.lease(of: runId))
            let decision = decide(history.state, history.workflow, now: Date(), maxParallel: 4)
            if output.json {
                Console.out(JSONText.encode(json(history, status: status, holder: holder, decision: decision)))
            } else {
                Console.out(text(history, status: status, holder: holder, decision: decision))
            }
        }

        private func json(_ history: RunHistory, status: String, holder: CapzFlowStore.Lease?, decision: Decision) -> [String: Any] {
            let state = history.state
            let steps: [[String: Any]] = history.workflow.steps.map { step in
                let current = state.step(step.id)
                let displayed = status == "interrupted" && current.status == .running ? "interrupted" : current.displayStatus(for: step)
                var object: [String: Any] = [
                    "id": step.id, "name": step.title, "kind": step.action.kind, "status": displayed,
                    "attempts": current.attempts, "exit_code": current.exitCode.map { Int($0) as Any } ?? NSNull(),
                    "started_at": JSONText.time(current.startedAt), "finished_at": JSONText.time(current.finishedAt),
                ]
                if let reason = current.reason { object["reason"] = reason }
                if let hold = decision.holds[step.id], status == "running" { object["waiting_for"] = hold.explanation(format: EventJSON.timestamp) }
                if let retryAt = current.retryAt { object["retry_at"] = EventJSON.timestamp(retryAt) }
                if let deadline = current.deadline { object["deadline"] = EventJSON.timestamp(deadline) }
                return object
            }
            var object: [String: Any] = [
                "run_id": history.runId, "workflow": history.workflow.name, "status": status,
                "started_at": JSONText.time(state.startedAt), "finished_at": JSONText.time(state.finishedAt),
                "params": state.params, "outputs": state.outputs, "definition_hash": state.definitionHash,
                "steps": steps, "last_seq": state.lastSeq,
            ]
            if let reason = state.reason { object["reason"] = reason }
            if let holder { object["runner"] = ["pid": Int(holder.pid), "host": holder.host, "since": EventJSON.timestamp(holder.acquiredAt)] }
            return object
        }

        private func text(_ history: RunHistory, status: String, holder: CapzFlowStore.Lease?, decision: Decision) -> String {
            let state = history.state
            var lines = ["run \(history.runId)  workflow \(history.workflow.name)  status \(status)"]
            if let started = state.startedAt {
                lines.append("started \(TimeText.full(started))" + (state.finishedAt.map { ", finished \(TimeText.full($0)) (\(TimeText.span(from: started, to: $0)))" } ?? ""))
            }
            if let reason = state.reason { lines.append("reason: \(reason)") }
            if let holder { lines.append("runner: pid \(holder.pid) on \(holder.host) since \(TimeText.full(holder.acquiredAt))") }
            var table = TextTable(header: ["STEP", "STATUS", "ATTEMPTS", "EXIT", "STARTED", "DURATION", "NOTE"])
            for step in history.workflow.steps {
                let current = state.step(step.id)
                let displayed = status == "interrupted" && current.status == .running ? "interrupted" : current.displayStatus(for: step)
                let note = status == "running" ? decision.holds[step.id]?.explanation(format: TimeText.clock) ?? current.reason ?? "" : current.reason ?? ""
                table.rows.append([
                    step.id, displayed, String(current.attempts), current.exitCode.map(String.init) ?? "-",
                    current.startedAt.map(TimeText.clock) ?? "-",
                    TimeText.span(from: current.startedAt, to: current.finishedAt ?? (current.status == .running ? Date() : nil)),
                    note,
                ])
            }
            lines.append(table.text)
            if status != "succeeded", status != "running" {
                lines.append("to continue: capzflow resume \(history.runId)\(StateOptions.flag(for: self.state.path))")
            }
            return lines.joined(separator: "\n")
        }
    }
}
