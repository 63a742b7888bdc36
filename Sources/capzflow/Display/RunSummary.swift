import CapzFlowCore
import CapzFlowRunner
import Foundation

/// The summary printed when `run` or `resume` ends: each step's status, attempts and
/// duration, the run's outputs, and — when it did not succeed — what to run next.
struct RunSummary {
    let result: RunResult
    let style: Style
    /// The `--state` flag a follow-up command needs (empty for the default database).
    let stateFlag: String

    var text: String {
        let state = result.state
        var table = TextTable(header: ["STEP", "STATUS", "ATTEMPTS", "DURATION"])
        for step in result.workflow.steps {
            let current = state.step(step.id)
            table.rows.append([step.id, current.displayStatus(for: step), String(current.attempts),
                               TimeText.span(from: current.startedAt, to: current.finishedAt)])
        }
        var lines = ["", style.bold("run \(result.runId): \(state.status.rawValue)") + (state.reason.map { " — \($0)" } ?? ""), table.text]
        if !state.outputs.isEmpty {
            lines.append("")
            lines.append("outputs:")
            for (name, value) in state.outputs.sorted(by: { $0.key < $1.key }) { lines.append("  \(name)=\(value)") }
        }
        switch state.status {
        case .succeeded:
            break
        case .interrupted, .failed, .cancelled, .running:
            lines.append("")
            lines.append("to continue: capzflow resume \(result.runId)\(stateFlag)")
            if let step = state.failedStep {
                lines.append("to see why \(step) failed: capzflow logs \(result.runId) \(step)\(stateFlag)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
