import CapzFlowCore
import CapzFlowRunner
import Foundation
import Synchronization

/// Shows a run's progress as it happens: one line per transition and, on a terminal, a live
/// line for the running steps with their elapsed time and last output line.
final class ProgressPrinter: RunObserver {
    private struct Live {
        var started: Date
        var attempt: Int
        var lastLine = ""
    }

    private struct Screen {
        var live: [String: Live] = [:]
        var liveShown = false
        var lastState: RunState?
    }

    private let screen = Mutex(Screen())
    private let style = Style(enabled: Console.useColor)
    private let terminal = Console.isTerminal
    private let statePath: String
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    init(statePath: String) {
        self.statePath = statePath
        guard terminal else { return }
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                self?.redraw()
            }
        }
        ticker.withLock { $0 = task }
    }

    func opened(runId: String, workflow: Workflow, resumed: Bool) {
        let verb = resumed ? "resuming" : "run"
        emit(style.bold("\(verb) \(runId)") + ": workflow \(workflow.name), \(workflow.steps.count) steps (state: \(statePath))")
    }

    func notice(_ message: String) {
        emit(style.yellow("note: ") + message)
    }

    func recorded(_ event: RecordedEvent, state: RunState) {
        screen.withLock { screen in
            screen.lastState = state
            switch event.event {
            case let .stepStarted(e): screen.live[e.step] = Live(started: event.at, attempt: e.attempt)
            case .stepSucceeded, .stepFailed, .stepTimedOut, .stepSkipped, .stepInterrupted:
                if let step = event.event.step { screen.live[step] = nil }
            case .runSucceeded, .runFailed, .runInterrupted, .runCancelled: screen.live = [:]
            default: break
            }
        }
        let text = EventLine.describe(event.event, at: event.at, state: state)
        emit(style.dim(TimeText.clock(event.at)) + "  " + colored(event.event, text))
    }

    func output(step: String, attempt: Int, lines: [String]) {
        guard terminal, let last = lines.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return }
        screen.withLock { $0.live[step]?.lastLine = last }
        redraw()
    }

    /// Ends the live line and prints the run's summary.
    func finish(_ result: RunResult) {
        ticker.withLock { $0?.cancel() }
        clearLive()
        Console.out(RunSummary(result: result, style: style, stateFlag: StateOptions.flag(for: statePath)).text)
    }

    private func colored(_ event: Event, _ text: String) -> String {
        switch event {
        case .stepSucceeded, .runSucceeded: style.green(text)
        case .stepFailed, .stepTimedOut, .runFailed, .runCancelled: style.red(text)
        case .stepRetryScheduled, .stepInterrupted, .runInterrupted, .leaseTakenOver: style.yellow(text)
        default: text
        }
    }

    private func emit(_ line: String) {
        screen.withLock { screen in
            var out = ""
            if terminal, screen.liveShown { out += "\r\u{1B}[2K" }
            out += line + "\n"
            Console.raw(out)
            screen.liveShown = false
        }
        redraw()
    }

    private func redraw() {
        guard terminal else { return }
        screen.withLock { screen in
            guard !screen.live.isEmpty else { return }
            let now = Date()
            let parts = screen.live.sorted { $0.key < $1.key }.map { step, live in
                var part = "\(step) #\(live.attempt) \(TimeText.span(from: live.started, to: now))"
                if !live.lastLine.isEmpty { part += " │ " + String(live.lastLine.prefix(60)) }
                return part
            }
            let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100
            let line = String(("… " + parts.joined(separator: "  ·  ")).prefix(max(20, width - 1)))
            Console.raw("\r\u{1B}[2K" + style.dim(line))
            screen.liveShown = true
        }
    }

    private func clearLive() {
        screen.withLock { screen in
            if terminal, screen.liveShown { Console.raw("\r\u{1B}[2K") }
            screen.liveShown = false
            screen.live = [:]
        }
    }
}
