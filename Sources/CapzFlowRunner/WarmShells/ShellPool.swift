import Foundation
import Subprocess
import Synchronization

/// Runs a runner's step processes, keeping one shell started ahead (`WarmShell`) so that the
/// next step finds bash already up.
///
/// Each step that takes the waiting shell starts the next one, which comes up while the step
/// runs and the runner records it. A step the handoff cannot carry (`ShellHandoff`), or one that
/// finds no shell ready (the first, or one of several started at once), gets a shell of its own
/// through `StepProcess.run`; either way it runs the same.
///
/// - Important: `close()` when the run is over, so the waiting shell exits.
final class ShellPool: Sendable {
    private let guardPath: String
    private let killGrace: Duration
    /// The environment every warm shell starts with: the runner's own.
    private let inherited: [String: String]
    /// The same, as the `NAME=value` strings a spawn hands the kernel, made once rather than
    /// read back from the process and rebuilt for every shell.
    private let startingEnvironment: Environment
    /// Bash as found on the runner's `PATH`, once, rather than by the guard for every step.
    private let shell: String
    /// Watches the groups of warm shells, which have no guard; without it (it could not start, or
    /// the runner's environment has bash read something at start-up), no shell is started ahead
    /// and every step gets a guarded shell of its own.
    private let sentinel: StepSentinel?
    private let state = Mutex<(spare: WarmShell?, closed: Bool)>((nil, false))
    /// Where bash is on each `PATH` steps have had.
    private let found = Mutex<[String: String]>([:])

    /// - Parameter environment: the runner's own, which every shell started ahead starts with.
    init(guardPath: String, killGrace: Duration, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.guardPath = guardPath
        self.killGrace = killGrace
        inherited = environment
        startingEnvironment = .custom(inherited.map { Array("\($0.key)=\($0.value)\0".utf8) })
        shell = CommandSearch.location(of: "bash", path: inherited["PATH"]) ?? "bash"
        // A shell started ahead would run what bash reads at start-up (`BASH_ENV`, options from
        // `SHELLOPTS`, which could also trace the handoff's values) before its step is recorded.
        sentinel = ShellHandoff.startsAlike(inherited) ? StepSentinel(guardPath: guardPath) : nil
    }

    /// The shell waiting for the next step, if one was started.
    var waiting: WarmShell? {
        state.withLock { $0.spare }
    }

    /// Runs a step process as `StepProcess.run` does, in the waiting shell when it can.
    func run(
        _ request: StepProcessRequest,
        recordStart: @escaping @Sendable (Int32) async throws -> Void,
        output: @escaping @Sendable ([String]) async -> Void
    ) async throws -> StepProcessResult {
        // Bash as the step's own PATH finds it, as it would without capzflow.
        let stepShell = bash(onPath: request.environment["PATH"] ?? inherited["PATH"])
        if stepShell == shell, let handoff = ShellHandoff.source(for: request, inherited: inherited),
            let warm = takeSpare(),
            let result = try await warm.run(request, handoff: handoff, recordStart: recordStart, output: output) {
            return result
        }
        return try await StepProcess.run(
            request, guardPath: guardPath, shell: stepShell, recordStart: recordStart, output: output)
    }

    /// Bash's path on `path`, looked up once per `PATH`; just `bash` (the guard searches, and
    /// reports 127 when it finds none) if no folder holds it.
    private func bash(onPath path: String?) -> String {
        let key = path ?? ""
        if let known = found.withLock({ $0[key] }) { return known }
        let located = CommandSearch.location(of: "bash", path: path) ?? "bash"
        found.withLock { $0[key] = located }
        return located
    }

    /// Dismisses the waiting shell and starts no other; waits until it has exited.
    func close() async {
        let spare = state.withLock { state in
            state.closed = true
            defer { state.spare = nil }
            return state.spare
        }
        spare?.dismiss()
        await spare?.ended()
        await sentinel?.close()
    }

    /// The waiting shell unless it is gone, after starting the next one in its place.
    private func takeSpare() -> WarmShell? {
        let (taken, stale) = state.withLock { state -> (WarmShell?, WarmShell?) in
            guard !state.closed, let sentinel, sentinel.isRunning else { return (nil, nil) }
            let current = state.spare
            state.spare = WarmShell(shell: shell, environment: startingEnvironment, sentinel: sentinel, killGrace: killGrace)
            guard let current else { return (nil, nil) }
            return current.isGone ? (nil, current) : (current, nil)
        }
        stale?.dismiss()
        return taken
    }
}
