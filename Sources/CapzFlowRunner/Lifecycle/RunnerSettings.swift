import Foundation

/// What a runner needs besides the workflow: its environment, limits and where to keep
/// per-run files.
public struct RunnerSettings: Sendable {
    /// The environment steps inherit (the process environment plus `--env-file` values).
    public var environment: [String: String]
    /// At most this many steps run at once (`await` steps aside).
    public var maxParallel: Int
    /// How long a stopped step gets between SIGTERM and SIGKILL.
    public var killGrace: Duration
    /// The folder holding one sub-folder per run (output files, service logs).
    public var runsFolder: String
    /// The `capzflow-guard` program every step runs under.
    public var guardPath: String
    /// Where the runner kills itself for a crash test (`CAPZFLOW_CRASH_AFTER`); `nil` in use.
    public var crashPoint: CrashPoint?

    /// The folder of one run's own files (outputs, service logs), which also tags its processes.
    public func runFolder(of runId: String) -> String {
        runsFolder + "/" + runId
    }

    public init(environment: [String: String], maxParallel: Int = 4, killGrace: Duration = .seconds(5), runsFolder: String, guardPath: String,
                crashPoint: CrashPoint? = nil) {
        self.environment = environment
        self.maxParallel = maxParallel
        self.killGrace = killGrace
        self.runsFolder = runsFolder
        self.guardPath = guardPath
        self.crashPoint = crashPoint
    }
}
