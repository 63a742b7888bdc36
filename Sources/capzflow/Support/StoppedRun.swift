import CapzFlowRunner
import CapzFlowStore

/// A run that the state database stopped midway: the disk filled up, a file size limit was
/// reached, the file was moved away.
///
/// The store's own message ends with "retry", which for `run` would start a second run. What
/// the user wants is to fix the cause and go on with this one, so the message says how; what was
/// recorded before stays as it was. Exits like the store error (2).
struct StoppedRun: Error, CustomStringConvertible {
    let runId: String
    let cause: StoreError
    /// The `--state` flag the follow-up command needs, if any.
    let stateFlag: String

    var description: String {
        cause.description + " Run \(runId) is kept as far as it was recorded; once that is fixed, "
            + "`capzflow resume \(runId)\(stateFlag)` continues it."
    }

    /// Runs `body` (driving run `runId`), turning a store failure that stopped a recorded run
    /// into a `StoppedRun`. A failure before the run was recorded (a read-only file) stays as it
    /// is: there is nothing to resume.
    static func reporting<T>(
        _ runId: String, store: EventStore, state: StateOptions, _ body: () async throws(RunnerError) -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let .store(cause) {
            guard (try? store.run(runId)) != nil else { throw RunnerError.store(cause) }
            throw StoppedRun(runId: runId, cause: cause, stateFlag: StateOptions.flag(for: state.path))
        }
    }
}
