import CapzFlowCore
import CapzFlowStore
import Foundation

/// Why the runner could not start, resume or continue a run.
///
/// Each message says what happened and what to do next; the CLI maps each case to one exit
/// code of the contract (see `ExitCodes` in the capzflow target).
public enum RunnerError: Error, CustomStringConvertible {
    /// The workflow file could not be read (missing, a directory, not UTF-8).
    case unreadableWorkflow(path: String, reason: String)
    /// Required environment variables are not set.
    case missingEnvironment([String], workflow: String)
    /// Required commands are not on PATH.
    case missingCommands([String], workflow: String)
    /// A `--env-file` line is not `NAME=value`.
    /// `line` is nil when the file as a whole could not be read.
    case badEnvFile(path: String, line: Int?, reason: String)
    /// A run id given with `--run-id` is not usable.
    case badRunId(String)
    /// Another live runner holds the run.
    case held(Lease)
    /// No run has this id.
    case noSuchRun(String)
    /// The run's pinned definition differs from the file on disk and `--reload` was not given.
    case definitionChanged(runId: String, path: String, changedSteps: [String])
    /// `--reload` would drop a step that already finished.
    case reloadDropsFinishedSteps(runId: String, steps: [String])
    /// `--from` names a step the workflow does not have.
    case unknownStep(String, runId: String, known: [String])
    /// The run's events cannot be read by this build.
    case unreadableEvents(runId: String, reason: String)
    /// Another runner took the lease while this one was running (fencing).
    case leaseLost(runId: String)
    /// A program built beside capzflow (the step guard, the simulator) is missing.
    case companionMissing(String)
    /// The machine would not let a step run: a process could not be spawned, a file not made.
    case cannotRunStep(step: String, reason: String)
    /// The state store refused an operation.
    case store(StoreError)
    /// The pinned workflow text no longer parses (it was written by a different version).
    case workflow(WorkflowError)
    /// A parameter was refused.
    case params(ParamError)

    public var description: String {
        switch self {
        case let .unreadableWorkflow(path, reason):
            return "cannot read workflow file \(path): \(reason)"
        case let .missingEnvironment(names, workflow):
            return "workflow '\(workflow)' requires these environment variables, which are not set: "
                + names.joined(separator: ", ")
                + "; export them, or put NAME=value lines in a file and pass it with --env-file FILE"
        case let .missingCommands(names, workflow):
            return "workflow '\(workflow)' requires these commands, which are not on PATH: "
                + names.joined(separator: ", ") + "; install them or add their folder to PATH"
        case let .badEnvFile(path, nil, reason):
            return "\(path): \(reason)"
        case let .badEnvFile(path, line?, reason):
            return "\(path):\(line): \(reason); an env file holds NAME=value lines (blank lines and # comments are allowed)"
        case let .badRunId(id):
            return "'\(id)' is not a valid run id; use 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or digit"
        case let .held(lease):
            let since = lease.acquiredAt.formatted(date: .abbreviated, time: .standard)
            return "run \(lease.runId) is held by a live runner (pid \(lease.pid) on \(lease.host), since \(since)); "
                + "wait for it to finish, follow it with `capzflow logs \(lease.runId) --follow`, or stop it with `capzflow cancel \(lease.runId)`"
        case let .noSuchRun(id):
            return "no run '\(id)' in this state database; `capzflow history` lists the runs (or pass --state PATH for another database)"
        case let .definitionChanged(runId, path, steps):
            let which = steps.isEmpty ? "its top-level settings changed" : "changed steps: " + steps.joined(separator: ", ")
            return "the workflow file \(path) has changed since run \(runId) started (\(which)); "
                + "`capzflow resume \(runId)` keeps using the pinned definition — pass --reload to adopt the file on disk"
        case let .reloadDropsFinishedSteps(runId, steps):
            return "cannot reload run \(runId): the new file drops steps that already finished (\(steps.joined(separator: ", "))); "
                + "restore them in the file, or start a new run"
        case let .unknownStep(step, runId, known):
            return "run \(runId) has no step '\(step)'; its steps are: \(known.joined(separator: ", "))"
        case let .unreadableEvents(runId, reason):
            return "cannot read the events of run \(runId): \(reason); use the capzflow version that wrote it"
        case let .leaseLost(runId):
            return "another runner took over run \(runId); this runner stopped without writing more. "
                + "Check `capzflow status \(runId)`"
        case let .companionMissing(reason):
            return reason
        case let .cannotRunStep(step, reason):
            return "could not run step \(step): \(reason); check the machine (free disk, process limits) and resume the run"
        case let .store(error):
            return error.description
        case let .workflow(error):
            return error.description
        case let .params(error):
            return error.description
        }
    }
}
