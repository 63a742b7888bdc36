import Foundation
import Synchronization

/// Runs a runner's step processes, keeping shells started ahead (`WarmShell`) so that the next
/// step finds bash already up.
///
/// Each step that takes a waiting shell starts another in its place, which comes up while the
/// steps before it run and the runner records them. Two wait at a time: bash takes longer to
/// start than a short step's whole turn (measured: with one, a fifth of the steps of the
/// 200-step benchmark found their shell still starting, and waited for it a third of a
/// millisecond). The first two start with the pool. A step the handoff cannot carry
/// (`ShellHandoff`), or one that finds no shell spawned and waiting (the first, one of several
/// started at once), gets a shell of its own through `StepProcess.run`; either way it runs the
/// same.
///
/// - Important: `close()` when the run is over, so the waiting shells exit.
final class ShellPool: Sendable {
    private let guardPath: String
    /// The environment every warm shell starts with: the runner's own.
    private let inherited: [String: String]
    /// The same, as the `NAME=value` strings a spawn hands the kernel, made once rather than
    /// read back from the process and rebuilt for every shell.
    private let startingEnvironment: [String]
    /// Bash as found on the runner's `PATH`, once, rather than by the guard for every step.
    private let shell: String
    /// Watches the groups of warm shells, which have no guard; without it (it could not start, or
    /// the runner's environment has bash read something at start-up), no shell is started ahead
    /// and every step gets a guarded shell of its own.
    private let sentinel: StepSentinel?
    /// The shells waiting for a step, oldest first.
    private let state = Mutex<(spares: [WarmShell], closed: Bool)>(([], false))
    /// How many shells wait at a time.
    private static let depth = 2
    /// Where bash is on each `PATH` steps have had.
    private let found = Mutex<[String: String]>([:])

    /// - Parameter environment: the runner's own, which every shell started ahead starts with.
    init(guardPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.guardPath = guardPath
        inherited = environment
        startingEnvironment = StepChild.environment(inherited)
        shell = CommandSearch.location(of: "bash", path: inherited["PATH"]) ?? "bash"
        // A shell started ahead would run what bash reads at start-up (`BASH_ENV`, options from
        // `SHELLOPTS`, which could also trace the handoff's values) before its step is recorded.
        sentinel = ShellHandoff.startsAlike(inherited) ? StepSentinel(guardPath: guardPath) : nil
        // Started now, so that the first step finds one too.
        if let sentinel {
            let shells = (0..<Self.depth).map { _ in WarmShell(shell: shell, environment: startingEnvironment, sentinel: sentinel) }
            state.withLock { $0.spares = shells }
        }
    }

    /// The shells started ahead and not yet taken, oldest (the next step's) first.
    var waiting: [WarmShell] {
        state.withLock { $0.spares }
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

    /// Dismisses the waiting shells and starts no other; waits until they have exited.
    func close() async {
        let spares = state.withLock { state in
            state.closed = true
            defer { state.spares = [] }
            return state.spares
        }
        for spare in spares { spare.dismiss() }
        for spare in spares { await spare.ended() }
        await sentinel?.close()
    }

    /// The oldest shell if it is ready for a step, after starting others so that `depth` wait.
    /// One still being spawned is left for a later step: this one gets a shell of its own rather
    /// than wait for it.
    private func takeSpare() -> WarmShell? {
        let (taken, stale) = state.withLock { state -> (WarmShell?, [WarmShell]) in
            guard !state.closed, let sentinel, sentinel.isRunning else { return (nil, []) }
            var stale: [WarmShell] = []
            var taken: WarmShell?
            while let oldest = state.spares.first, taken == nil, !oldest.isStarting {
                state.spares.removeFirst()
                if oldest.isReady { taken = oldest } else { stale.append(oldest) }
            }
            while state.spares.count < Self.depth {
                state.spares.append(WarmShell(shell: shell, environment: startingEnvironment, sentinel: sentinel))
            }
            return (taken, stale)
        }
        for shell in stale { shell.dismiss() }
        return taken
    }
}
