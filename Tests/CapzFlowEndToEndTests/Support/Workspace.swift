#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// One test's private world: a fresh temporary folder holding its workflow files, marker files
/// and state database, and the `capzflow` processes it starts.
///
/// Swift Testing makes a new suite instance for every test (and every argument of a
/// parameterized test), so a suite that stores a `Workspace` gives each test its own. When the
/// instance goes away, every process the test started and still runs is killed by its pid, the
/// processes it handed over with `endAtCleanup` too, then any process still carrying
/// `WORK=<this folder>` in its environment (a step or service of a test that failed midway),
/// and the folder is removed.
///
/// Every `capzflow` gets an explicit environment (never this process's `CAPZFLOW_*` variables):
/// `PATH`, `HOME` and `WORK` (both the folder), `NO_COLOR=1`, plus what a test adds. Workflow
/// scripts find their marker files through `$WORK`, so no path is pasted into a workflow.
///
/// `@unchecked Sendable`: the mutable lists are only touched under `lock`.
final class Workspace: @unchecked Sendable {
    /// The folder.
    let folder: String
    /// The state database every command gets with `--state` unless told otherwise.
    let statePath: String
    private let lock = NSLock()
    private var commands: [RunningCommand] = []
    private var leftovers: [Int32] = []
    private var counter = 0

    init() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("capzflow-e2e-\(UUID().uuidString.prefix(13).lowercased())", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        folder = url.resolvingSymlinksInPath().path
        statePath = folder + "/state/capzflow.sqlite"
    }

    deinit {
        let (running, pids) = lock.withLock { (commands, leftovers) }
        for command in running { command.stop() }
        for pid in pids where !ProcessProbe.isGone(pid) { kill(pid, SIGKILL) }
        // Whatever a failed test's steps or services left running carries this folder in WORK.
        for pid in ProcessProbe.processes(workingIn: folder) { kill(pid, SIGKILL) }
        do {
            try FileManager.default.removeItem(atPath: folder)
        } catch {
            Issue.record("could not remove the test folder \(folder): \(error)")
        }
    }

    // MARK: files

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        folder + "/" + name
    }

    /// Writes `text` to `name` in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    /// Writes `data` to `name` in the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let path = path(name)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Whether `name` exists in the folder.
    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name))
    }

    /// The text of `name` in the folder.
    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    /// The pid a script wrote to `name` (`echo $$ > "$WORK/name"`).
    func pid(in name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int32 {
        let text = try read(name).trimmingCharacters(in: .whitespacesAndNewlines)
        return try #require(Int32(text), "\(name) should hold a pid, holds '\(text)'", sourceLocation: sourceLocation)
    }

    /// Waits until a step has created `name` (hang guard: 60 s).
    ///
    /// - Parameter runner: the runner whose step writes the file; if it exits first, the test
    ///   fails at once with its output instead of waiting for the hang guard.
    func waitForFile(_ name: String, from runner: RunningCommand? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await waitUntil("the marker file \(name) to appear", sourceLocation: sourceLocation) {
            if exists(name) { return true }
            try await Self.requireRunning(runner, waitingFor: "the marker file \(name)", sourceLocation: sourceLocation)
            return false
        }
    }

    /// Fails the test at once when `runner` has exited while something it should cause is awaited.
    private static func requireRunning(_ runner: RunningCommand?, waitingFor what: String, sourceLocation: SourceLocation) async throws {
        guard let runner, runner.hasExited else { return }
        let result = try await runner.finish(sourceLocation: sourceLocation)
        Issue.record("the runner ended before \(what) appeared: \(result)", sourceLocation: sourceLocation)
        throw Unreadable(result: result)
    }

    /// Makes sure process `pid` (a service a step left running) is killed when the test ends.
    func endAtCleanup(_ pid: Int32) {
        lock.withLock { leftovers.append(pid) }
    }

    // MARK: processes

    /// The environment every `capzflow` gets, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": folder,
            "WORK": folder,
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
        ]
        environment.merge(extra) { _, added in added }
        return environment
    }

    /// Starts `capzflow arguments` (plus `--state` with this workspace's database when
    /// `withState`) in the folder, and returns it running.
    ///
    /// - Parameters:
    ///   - descriptor: a file the process gets open as descriptor 9 (see `RunningCommand`).
    ///   - closedStdout: standard output is a pipe whose reader has gone (see `RunningCommand`).
    func start(
        _ arguments: [String], withState: Bool = true, environment extra: [String: String] = [:],
        workingDirectory: String? = nil, descriptor: String? = nil, closedStdout: Bool = false
    ) throws -> RunningCommand {
        let executable = try CapzflowBinary.path()
        let number = lock.withLock { () -> Int in
            counter += 1
            return counter
        }
        let command = try RunningCommand(
            executable: executable, arguments: arguments + (withState ? ["--state", statePath] : []),
            environment: environment(extra), workingDirectory: workingDirectory ?? folder,
            stdoutPath: path(".capzflow-\(number).stdout"), stderrPath: path(".capzflow-\(number).stderr"),
            descriptor: descriptor, closedStdout: closedStdout)
        lock.withLock { commands.append(command) }
        return command
    }

    /// Runs `capzflow arguments` to its end (see `start`).
    func capzflow(
        _ arguments: String..., withState: Bool = true, environment extra: [String: String] = [:],
        workingDirectory: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CommandResult {
        try await start(arguments, withState: withState, environment: extra, workingDirectory: workingDirectory)
            .finish(sourceLocation: sourceLocation)
    }

    // MARK: reading a run

    /// The run's events (`events RUN --json`), which must be readable.
    func events(_ runId: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [EventLine] {
        let result = try await capzflow("events", runId, "--json", sourceLocation: sourceLocation)
        guard expectExit(0, result, "events --json", sourceLocation: sourceLocation) else { throw Unreadable(result: result) }
        return try EventLine.parse(result.stdout)
    }

    /// Waits until the run has an event matching `matches` and returns it (hang guard: 60 s).
    ///
    /// - Parameter runner: the runner expected to record it; if it exits first, the test fails
    ///   at once (unless the event is there).
    @discardableResult
    func waitForEvent(
        _ runId: String, _ what: String, from runner: RunningCommand? = nil, sourceLocation: SourceLocation = #_sourceLocation,
        where matches: @escaping (EventLine) -> Bool
    ) async throws -> EventLine {
        var found: EventLine?
        try await waitUntil("event \(what) in run \(runId)", sourceLocation: sourceLocation) {
            // Checked before reading, so an event the runner wrote just before exiting is seen.
            let exited = runner?.hasExited ?? false
            let result = try await capzflow("events", runId, "--json", sourceLocation: sourceLocation)
            // The run may not be recorded yet: exit 4 until it is.
            if result.exitCode == 0, let event = try EventLine.parse(result.stdout).first(where: matches) {
                found = event
                return true
            }
            if exited { try await Self.requireRunning(runner, waitingFor: "event \(what)", sourceLocation: sourceLocation) }
            return false
        }
        return found!  // set: waitUntil returned, so the condition held
    }

    /// The run's `status --json`, which must be readable.
    func status(_ runId: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RunReport {
        let result = try await capzflow("status", runId, "--json", sourceLocation: sourceLocation)
        guard expectExit(0, result, "status --json", sourceLocation: sourceLocation) else { throw Unreadable(result: result) }
        return try JSONDecoder.snakeCase.decode(RunReport.self, from: Data(result.stdout.utf8))
    }

    /// The database's `history --json`, which must be readable.
    func history(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [HistoryEntry] {
        let result = try await capzflow("history", "--json", sourceLocation: sourceLocation)
        guard expectExit(0, result, "history --json", sourceLocation: sourceLocation) else { throw Unreadable(result: result) }
        return try JSONDecoder.snakeCase.decode([HistoryEntry].self, from: Data(result.stdout.utf8))
    }

    /// Thrown when a command that reads a run failed; the issue is already recorded.
    struct Unreadable: Error, CustomStringConvertible {
        let result: CommandResult
        var description: String { "could not read: \(result)" }
    }
}
