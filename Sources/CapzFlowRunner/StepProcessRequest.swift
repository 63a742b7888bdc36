/// What to run for one step attempt, and the limits it runs under.
///
/// The script reaches bash as one argument and every value in `environment` as an environment
/// variable, so no value can inject a command into the script.
public struct StepProcessRequest: Sendable {
    /// The bash script, run as `bash -euo pipefail -c script`.
    public var script: String
    /// Variables added on top of the runner's inherited environment (a name here overrides it).
    public var environment: [String: String]
    /// The folder the script starts in; `nil` keeps the runner's current folder.
    public var workingDirectory: String?
    /// How long the step may run after it was released, before its process group is torn down.
    public var timeout: Duration
    /// How long the step may go without printing a byte before it is torn down; `nil` for no limit.
    public var idleTimeout: Duration?
    /// How long a torn-down step gets between SIGTERM and SIGKILL, to clean up after itself.
    public var killGrace: Duration
    /// The longest line kept whole; a longer line is cut and marked, so one line cannot exhaust memory.
    public var maxLineBytes: Int

    /// Creates a request; only the script and the timeout have no default.
    public init(
        script: String,
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Duration,
        idleTimeout: Duration? = nil,
        killGrace: Duration = .seconds(5),
        maxLineBytes: Int = 64 * 1024
    ) {
        self.script = script
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.idleTimeout = idleTimeout
        self.killGrace = killGrace
        self.maxLineBytes = maxLineBytes
    }
}
