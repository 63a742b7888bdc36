import CapzFlowCore
import CapzFlowStore
import Foundation

extension Runner {
    /// Picks up run `runId` again under a new lease.
    ///
    /// A live holder refuses the resume. A dead holder's lease is taken over (recorded as
    /// `lease.taken_over`); the steps it left running are recorded interrupted and their
    /// leftover processes ended before anything runs again. `from` re-runs a step and every
    /// step after it; `reload` adopts the workflow file on disk instead of the pinned text.
    ///
    /// - Throws: `RunnerError.noSuchRun`, `.held`, `.unknownStep`, `.reloadDropsFinishedSteps`,
    ///   store errors, or a lost lease.
    public static func resume(
        runId: String, from: String?, reload: Bool, settings: RunnerSettings, store: EventStore,
        observer: (any RunObserver)?
    ) async throws(RunnerError) -> RunResult {
        let by = Invoker.current(environment: settings.environment)
        while true {
            let history = try RunHistory.load(runId, store: store)
            var workflow = history.workflow
            var reloadEvent: Event?
            if let notice = try definitionNotice(history, reload: reload) {
                switch notice {
                case let .changed(message): observer?.notice(message)
                case let .adopt(newWorkflow, text, changed):
                    workflow = newWorkflow
                    reloadEvent = .runReloaded(RunReloaded(definitionHash: DefinitionHash.of(text), definition: text, changedSteps: changed, by: by))
                }
            }
            let state = history.state
            if let from, workflow.step(from) == nil {
                throw .unknownStep(from, runId: runId, known: workflow.steps.map(\.id))
            }
            if state.status == .succeeded, from == nil, reloadEvent == nil {
                return RunResult(runId: runId, workflow: workflow, state: state, nothingToDo: "run \(runId) already succeeded; pass --from STEP to run steps again")
            }

            let previous = try lease(of: runId, store: store)
            if let previous, LeaseLiveness.isAlive(previous) { throw .held(previous) }
            let now = Date()
            let me = ProcessIdentity.current()
            let lease = Lease(runId: runId, token: UUID().uuidString, pid: me.pid, host: ProcessIdentity.hostName, processStart: me.startTime,
                              acquiredAt: now, heartbeatAt: now, expiresAt: now.addingTimeInterval(RunLoop.leaseSeconds))
            var events: [Event] = []
            if let previous {
                events.append(.leaseTakenOver(LeaseTakenOver(
                    previousPid: previous.pid, previousHost: previous.host, previousSince: previous.acquiredAt,
                    reason: LeaseLiveness.takeoverReason(previous, now: now))))
            }
            for id in state.runningSteps {
                events.append(.stepInterrupted(StepInterrupted(step: id, attempt: state.step(id).attempts, reason: "found unfinished on resume")))
            }
            if let reloadEvent { events.append(reloadEvent) }
            events.append(.runResumed(RunResumed(pid: me.pid, host: lease.host, by: by, from: from)))
            events += resets(workflow, state: state, from: from, by: by)

            let redactor = Redactor(secrets: Redactor.secretValues(in: settings.environment, listed: workflow.secrets))
            var folded = state
            var stored: [NewEvent] = []
            for (offset, event) in events.enumerated() {
                folded = evolve(folded, RecordedEvent(seq: state.lastSeq + offset + 1, at: now, event: event))
                stored.append(NewEvent(at: now, type: event.type, step: event.step, attempt: event.attempt, payload: redactor.redact(event.payloadJSON())))
            }
            do throws(StoreError) {
                _ = try store.takeLease(lease, replacing: previous?.token, events: stored, expectedLastSeq: state.lastSeq,
                                        status: RunStatusUpdate(status: RunStatus.running.rawValue, finishedAt: nil))
            } catch .leaseHeld(_, let holder) {
                throw .held(holder)
            } catch .sequenceConflict, .leaseLost {
                continue  // another process appended or took the lease meanwhile: look again
            } catch {
                throw .store(error)
            }
            observer?.opened(runId: runId, workflow: workflow, resumed: true)
            var replayed = state
            var recorded: [RecordedEvent] = []
            for (offset, event) in events.enumerated() {
                recorded.append(RecordedEvent(seq: state.lastSeq + offset + 1, at: now, event: event))
                replayed = evolve(replayed, recorded[offset])
                observer?.recorded(recorded[offset], state: replayed)
            }
            settings.crashPoint?.crashIfReached(recorded)
            for id in state.runningSteps {
                guard let group = state.step(id).processGroup else { continue }
                let ended = await OrphanSweeper.sweep(group: group, runFolder: settings.runFolder(of: runId), step: id, grace: settings.killGrace)
                if ended > 0 { observer?.notice("ended \(ended) leftover process(es) of step \(id) (group \(group))") }
            }
            let journal = RunJournal(store: store, runId: runId, token: lease.token, state: folded, redactor: redactor, observer: observer,
                                     crashPoint: settings.crashPoint)
            return try await RunDriver.drive(journal: journal, workflow: workflow, settings: settings)
        }
    }

    /// `step.reset` events for `resume --from`, and for finished `service` steps whose process
    /// has died while later steps still need it.
    private static func resets(_ workflow: Workflow, state: RunState, from: String?, by: String) -> [Event] {
        var events: [Event] = []
        var fromIndex = workflow.steps.count
        if let from, let index = workflow.index(of: from) {
            fromIndex = index
            for step in workflow.steps[index...] where state.step(step.id).status != .pending {
                events.append(.stepReset(StepReset(step: step.id, by: by, reason: "resume --from \(from)")))
            }
        }
        for found in DeadServices.find(workflow, state, from: fromIndex) {
            events.append(DeadServices.reset(found))
        }
        return events
    }

    private static func lease(of runId: String, store: EventStore) throws(RunnerError) -> Lease? {
        do throws(StoreError) {
            return try store.lease(of: runId)
        } catch {
            throw .store(error)
        }
    }

    private enum DefinitionNotice {
        case changed(String)
        case adopt(Workflow, text: String, changed: [String])
    }

    /// Compares the pinned definition with the file on disk.
    private static func definitionNotice(_ history: RunHistory, reload: Bool) throws(RunnerError) -> DefinitionNotice? {
        guard let text = try? WorkflowSource.read(history.workflowPath) else {
            if reload { throw .unreadableWorkflow(path: history.workflowPath, reason: "--reload needs the workflow file, and it cannot be read") }
            return nil
        }
        // An unchanged file: nothing to report, nothing to adopt.
        guard text != history.definition else { return nil }
        if !reload {
            let changed = (try? WorkflowParser.parse(text, file: history.workflowPath)).map { changedSteps(history.workflow, $0) }
            let which = changed.map { $0.isEmpty ? "top-level settings" : "steps " + $0.joined(separator: ", ") } ?? "it no longer parses"
            return .changed("the workflow file \(history.workflowPath) changed since the run started (\(which)); resuming with the pinned definition — pass --reload to adopt the file")
        }
        let fresh: Workflow
        do {
            fresh = try WorkflowParser.parse(text, file: history.workflowPath)
        } catch {
            throw .workflow(error)
        }
        let dropped = history.workflow.steps.filter { old in
            history.state.step(old.id).status.isDone && fresh.step(old.id) == nil
        }.map(\.id)
        guard dropped.isEmpty else { throw .reloadDropsFinishedSteps(runId: history.runId, steps: dropped) }
        return .adopt(fresh, text: text, changed: changedSteps(history.workflow, fresh))
    }

    /// Ids of steps added, removed or changed between two definitions.
    static func changedSteps(_ old: Workflow, _ new: Workflow) -> [String] {
        let ids = old.steps.map(\.id) + new.steps.map(\.id).filter { old.step($0) == nil }
        return ids.filter { old.step($0) != new.step($0) }
    }
}
