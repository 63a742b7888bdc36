import CapzFlowCore
import Foundation

/// Finished `service` steps whose process has since died while a step after them will still run.
///
/// A service step succeeds once its process is up and ready, but the steps after it count on
/// the process staying up (Tilt serves the controllers the workload cluster needs). When it
/// dies before they are done, the step runs again: a `step.reset` by capzflow makes it pending
/// with a fresh budget, and its next attempt starts a new process. The runner does this while
/// the run goes on, and a resume before anything runs. A service that dies once every step after
/// it is done is left alone: nothing in the run needs it any more.
enum DeadServices {
    struct Found {
        let index: Int
        let step: Step
        let service: ServiceStarted
    }

    /// The succeeded service steps of `state` whose recorded process is no longer running and
    /// after which a step will still run: one not done yet, or any from index `from` on (the
    /// steps `resume --from` runs again, which reset themselves, so only earlier ones count).
    static func find(_ workflow: Workflow, _ state: RunState, from: Int? = nil) -> [Found] {
        let from = from ?? workflow.steps.count
        return workflow.steps.enumerated().compactMap { index, step in
            // Cheapest first: this runs before every decision, and most steps are not services.
            guard index < from, case .service = step.action, state.step(step.id).status == .succeeded,
                  let service = state.step(step.id).service else { return nil }
            let needed = workflow.steps.indices.contains { later in
                later > index && (later >= from || !state.step(workflow.steps[later].id).status.isDone)
            }
            guard needed, !ProcessIdentity(pid: service.pid, startTime: service.startTime).isAlive else { return nil }
            return Found(index: index, step: step, service: service)
        }
    }

    /// The event that has `found` start again.
    static func reset(_ found: Found) -> Event {
        .stepReset(StepReset(step: found.step.id, by: "capzflow",
                             reason: "its service (pid \(found.service.pid)) is no longer running; see \(found.service.logPath)"))
    }

    /// The step is still succeeded with that same process: nobody reset or restarted it meanwhile.
    static func unchanged(_ found: Found) -> @Sendable (RunState) -> Bool {
        let id = found.step.id, pid = found.service.pid
        return { state in
            state.status == .running && state.step(id).status == .succeeded && state.step(id).service?.pid == pid
        }
    }
}
