import CapzFlowCore
import CapzFlowStore
import Foundation
import Logging

/// Drives a run the runner holds: the run loop under a signal trap, then the bookkeeping of
/// how it stopped (an interruption recorded, the lease released).
enum RunDriver {
    static func drive(journal: RunJournal, workflow: Workflow, settings: RunnerSettings) async throws(RunnerError) -> RunResult {
        let runId = journal.runId
        let runFolder = settings.runFolder(of: runId)
        let environment = StepEnvironment(base: settings.environment, workflow: workflow, runId: runId, runFolder: runFolder)
        let shells = ShellPool(guardPath: settings.guardPath)
        let executor = StepExecutor(
            journal: journal, environment: environment, shells: shells, runFolder: runFolder, killGrace: settings.killGrace)
        let loop = RunLoop(journal: journal, workflow: workflow, executor: executor, maxParallel: max(1, settings.maxParallel))
        let task = Task { () async throws -> Void in
            do throws(RunnerError) { try await loop.run() } catch { throw error }
        }
        let trap = SignalTrap([SIGINT, SIGTERM, SIGHUP]) { _ in task.cancel() }
        let outcome = await task.result
        await shells.close()
        let signal = trap.caughtSignal.map(SignalTrap.name)
        defer { trap.restore() }

        if case let .failure(thrown) = outcome {
            // The loop throws only RunnerError; the task's type erases it.
            let error = thrown as? RunnerError ?? .store(.other("\(thrown)"))
            if case .leaseLost = error { throw error }
            do {
                try await recordInterruption(journal, reason: "the runner stopped on an error: \(error)")
            } catch {
                // The first error is the one to report; the next resume finds the steps
                // unfinished and records their interruption then.
                Logger(label: "capzflow.runner").error("could not record the interruption: \(error)")
            }
            await journal.release()
            throw error
        }
        if let signal {
            try await recordInterruption(journal, reason: "the runner received \(signal)")
        }
        await journal.release()
        return RunResult(runId: runId, workflow: workflow, state: await journal.state, signal: signal)
    }

    /// Records every running step as interrupted and the run as interrupted, in one append.
    private static func recordInterruption(_ journal: RunJournal, reason: String) async throws(RunnerError) {
        let state = await journal.state
        guard state.status == .running else { return }
        var events: [Event] = state.runningSteps.map { id in
            .stepInterrupted(StepInterrupted(step: id, attempt: state.step(id).attempts, reason: reason))
        }
        events.append(.runInterrupted(RunInterrupted(reason: reason)))
        try await journal.record(events, when: Preconditions.runGoesOn)
    }
}
