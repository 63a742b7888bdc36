import ArgumentParser
import CapzFlowRunner
import CapzFlowStore
import Foundation

/// `--state PATH`: which state database a command uses.
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The state database (default: $CAPZFLOW_STATE, else state/capzflow.sqlite under the current folder).",
        valueName: "path"))
    var state: String?

    /// The database path after the fallbacks.
    var path: String {
        if let state, !state.isEmpty { return state }
        if let fromEnvironment = ProcessInfo.processInfo.environment["CAPZFLOW_STATE"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "state/capzflow.sqlite"
    }

    /// Opens (creating on first use) the database.
    func open() throws -> EventStore {
        try EventStore(path: path)
    }

    /// Opens the database for writing, only if it exists: `signal`, `skip`, `cancel` and `resume`
    /// change a run, which must already be there, so they never create a database.
    ///
    /// - Throws: `RunnerError.noSuchRun` naming `runId` when there is no database at all.
    func openExisting(for runId: String?) throws -> EventStore? {
        try exists(for: runId) ? open() : nil
    }

    /// Opens the database only to read it, and only if it exists: the audit commands never
    /// create a database, and work on one that is read-only.
    ///
    /// - Throws: `RunnerError.noSuchRun` naming `runId` when there is no database at all.
    func openForReading(for runId: String?) throws -> EventStore? {
        try exists(for: runId) ? EventStore.openForReading(path: path) : nil
    }

    /// Whether the database exists; a command about one run, `runId`, finds no such run without one.
    private func exists(for runId: String?) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else {
            if let runId { throw RunnerError.noSuchRun(runId) }
            return false
        }
        return true
    }

    /// The `--state` flag that makes a follow-up command use `path` (empty when it would anyway).
    static func flag(for path: String) -> String {
        let implied = ProcessInfo.processInfo.environment["CAPZFLOW_STATE"].flatMap { $0.isEmpty ? nil : $0 } ?? "state/capzflow.sqlite"
        return path == implied ? "" : " --state \(path)"
    }

    /// The folder holding per-run files, beside the database.
    var runsFolder: String {
        (URL(fileURLWithPath: path).deletingLastPathComponent().path) + "/runs"
    }
}
