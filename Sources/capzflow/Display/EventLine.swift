import CapzFlowCore
import Foundation

/// One line for people per event: what happened, to which step, and how long it took.
///
/// Shared by the progress of `run`/`resume` and the timeline of `events`.
enum EventLine {
    static func describe(_ event: Event, at: Date, state: RunState?) -> String {
        let elapsed = { (step: String) -> String in
            guard let started = state?.step(step).startedAt else { return "" }
            return " (" + TimeText.span(from: started, to: at) + ")"
        }
        switch event {
        case let .runStarted(e): return "run started: workflow \(e.workflow) (pid \(e.pid) on \(e.host))"
        case let .runResumed(e): return "run resumed by \(e.by) (pid \(e.pid) on \(e.host))" + (e.from.map { ", from step \($0)" } ?? "")
        case let .runReloaded(e): return "run adopted the changed workflow file" + (e.changedSteps.isEmpty ? "" : " (changed: \(e.changedSteps.joined(separator: ", ")))")
        case .runSucceeded: return "run succeeded" + (state?.startedAt.map { " (" + TimeText.span(from: $0, to: at) + ")" } ?? "")
        case let .runFailed(e): return "run failed: \(e.reason)"
        case let .runInterrupted(e): return "run interrupted: \(e.reason)"
        case let .runCancelled(e): return "run cancelled by \(e.by)"
        case let .stepStarted(e):
            var text = "\(e.step): attempt \(e.attempt) started"
            if let deadline = e.deadline { text += ", gives up at \(TimeText.clock(deadline))" }
            return text
        case let .stepSucceeded(e): return "\(e.step): attempt \(e.attempt) succeeded\(elapsed(e.step))" + (e.note.map { " — \($0)" } ?? "")
        case let .stepFailed(e): return "\(e.step): attempt \(e.attempt) failed: \(e.reason)\(elapsed(e.step))"
        case let .stepTimedOut(e): return "\(e.step): attempt \(e.attempt) " + (e.idle ? "produced no output for \(e.after)" : "timed out after \(e.after)")
        case let .stepRetryScheduled(e):
            return "\(e.step): attempt \(e.attempt) at \(TimeText.clock(e.retryAt)) (in \(TimeText.span(from: at, to: e.retryAt)))"
        case let .stepSkipped(e):
            return "\(e.step): skipped — \(e.reason)" + (e.by.map { " (by \($0))" } ?? "")
        case let .stepInterrupted(e): return "\(e.step): attempt \(e.attempt) interrupted — \(e.reason)"
        case let .stepReset(e): return "\(e.step): will run again — \(e.reason)"
        case let .serviceStarted(e): return "\(e.step): service started (pid \(e.pid), log \(e.logPath))"
        case let .signalReceived(e): return "signal '\(e.name)' received from \(e.by)"
        case let .leaseTakenOver(e): return "took over from the previous runner (pid \(e.previousPid) on \(e.previousHost)): \(e.reason)"
        }
    }
}
