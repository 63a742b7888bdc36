import CapzFlowCore
import CapzFlowStore
import Foundation

/// A stored run read back: its pinned definition parsed, its events folded.
public struct RunHistory: Sendable {
    public var runId: String
    public var run: StoredRun
    /// The pinned text: the last `run.reloaded` definition, else the text stored at start.
    public var definition: String
    public var workflowPath: String
    public var workflow: Workflow
    public var events: [RecordedEvent]
    public var state: RunState

    /// Reads run `runId` from `store`.
    ///
    /// - Throws: `RunnerError.noSuchRun`, `.unreadableEvents`, `.workflow` (the pinned text no
    ///   longer parses), or `.store`.
    public static func load(_ runId: String, store: EventStore) throws(RunnerError) -> RunHistory {
        let found: StoredRun?
        let stored: [StoredEvent]
        do throws(StoreError) {
            found = try store.run(runId)
            stored = found == nil ? [] : try store.events(of: runId)
        } catch {
            throw .store(error)
        }
        guard let run = found else { throw .noSuchRun(runId) }
        var events: [RecordedEvent] = []
        var definition = run.definition
        for item in stored {
            do {
                let event = try Event.decode(type: item.type, payload: item.payload)
                if case let .runReloaded(reloaded) = event { definition = reloaded.definition }
                events.append(RecordedEvent(seq: item.seq, at: item.at, event: event))
            } catch {
                throw .unreadableEvents(runId: runId, reason: error.description)
            }
        }
        let workflow: Workflow
        do {
            workflow = try WorkflowParser.parse(definition, file: run.workflowPath)
        } catch {
            throw .workflow(error)
        }
        return RunHistory(runId: runId, run: run, definition: definition, workflowPath: run.workflowPath,
                          workflow: workflow, events: events, state: RunState.replay(events))
    }
}
