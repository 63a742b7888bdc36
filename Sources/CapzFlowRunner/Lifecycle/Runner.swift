import CapzFlowCore
import CapzFlowStore
import Foundation

/// Starts runs: checks every input first, pins the parameters, records `run.started` under a
/// new lease, then drives the run.
///
/// - Important: everything that can be refused (the file, the environment, the commands, the
///   parameters, the run id) is checked before the first write, so invalid input never
///   leaves a run in the history.
public enum Runner {
    /// Starts the workflow of `source` (see `WorkflowSource.load`) as a new run.
    ///
    /// - Throws: `RunnerError` for invalid input (nothing is written then), a store failure,
    ///   or a lost lease.
    public static func start(
        _ source: LoadedWorkflow, params: [String], runId requestedId: String?, settings: RunnerSettings,
        store: EventStore, observer: (any RunObserver)?
    ) async throws(RunnerError) -> RunResult {
        let workflow = source.workflow
        let definitionHash = DefinitionHash.of(source.text)
        try checkRequirements(workflow, environment: settings.environment)
        let runId = requestedId ?? RunIdentifier.generate()
        guard RunIdentifier.isValid(runId) else { throw .badRunId(runId) }
        let existing: StoredRun?
        do throws(StoreError) {
            existing = try store.run(runId)
        } catch {
            throw .store(error)
        }
        if existing != nil { throw .store(.runExists(runId)) }
        let pinned = try await pinParams(params, of: workflow, settings: settings)
        let now = Date()
        let me = ProcessIdentity.current()
        let lease = Lease(
            runId: runId, token: UUID().uuidString, pid: me.pid, host: ProcessIdentity.hostName, processStart: me.startTime,
            acquiredAt: now, heartbeatAt: now, expiresAt: now.addingTimeInterval(RunLoop.leaseSeconds))
        let redactor = Redactor(secrets: Redactor.secretValues(in: settings.environment, listed: workflow.secrets))
        let started = Event.runStarted(RunStarted(
            workflow: workflow.name, definitionHash: definitionHash, params: pinned, pid: me.pid, host: lease.host))
        let paramsJSON = redactor.redact(String(decoding: (try? JSONSerialization.data(withJSONObject: pinned, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self))
        let absolutePath = URL(fileURLWithPath: source.path).standardizedFileURL.path
        let first = NewEvent(at: now, type: started.type, payload: redactor.redact(started.payloadJSON()))
        do {
            _ = try store.createRun(
                NewRun(id: runId, workflow: workflow.name, workflowPath: absolutePath, definition: source.text,
                       definitionHash: definitionHash, params: paramsJSON, createdAt: now),
                lease: lease, events: [first], status: RunStatusUpdate(status: RunStatus.running.rawValue))
        } catch {
            throw .store(error)
        }
        let state = evolve(RunState(), RecordedEvent(seq: 1, at: now, event: started))
        let journal = RunJournal(store: store, runId: runId, token: lease.token, state: state, redactor: redactor, observer: observer,
                                 crashPoint: settings.crashPoint)
        observer?.opened(runId: runId, workflow: workflow, resumed: false)
        let recorded = RecordedEvent(seq: 1, at: now, event: started)
        observer?.recorded(recorded, state: state)
        settings.crashPoint?.crashIfReached([recorded])
        return try await RunDriver.drive(journal: journal, workflow: workflow, settings: settings)
    }

    /// The run's parameter values: given, defaulted, or generated once now.
    private static func pinParams(_ arguments: [String], of workflow: Workflow, settings: RunnerSettings) async throws(RunnerError) -> [String: String] {
        var values: [String: String]
        let toGenerate: [ParamSpec]
        do throws(ParamError) {
            (values, toGenerate) = try ParamResolver.resolve(workflow, given: try ParamResolver.parseAssignments(arguments))
        } catch {
            throw .params(error)
        }
        for spec in toGenerate {
            values[spec.name] = try await ParamGenerator.generate(spec, workflow: workflow, known: values, settings: settings)
        }
        return values
    }

    /// Refuses a run whose required environment variables or commands are missing.
    ///
    /// - Throws: `RunnerError.missingEnvironment` / `.missingCommands`, listing every one.
    public static func checkRequirements(_ workflow: Workflow, environment: [String: String]) throws(RunnerError) {
        let unset = workflow.requires.env.filter { (environment[$0] ?? "").isEmpty }
        guard unset.isEmpty else { throw .missingEnvironment(unset, workflow: workflow.name) }
        let absent = CommandSearch.missing(workflow.requires.commands, path: environment["PATH"])
        guard absent.isEmpty else { throw .missingCommands(absent, workflow: workflow.name) }
    }
}
