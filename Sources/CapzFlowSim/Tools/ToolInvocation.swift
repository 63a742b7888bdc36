import Foundation

/// One call of a simulated tool: what the process was given, and where a multi-round call
/// (a wait, a poll, a long-running `tilt up`, a `make` running its recipe) has got to.
public struct ToolInvocation: Sendable {
    /// The tool's name (`az`, `kubectl`, …).
    public var tool: String
    /// The arguments, without the tool's name.
    public var arguments: [String]
    /// The process environment.
    public var environment: [String: String]
    /// The working directory; relative paths in arguments are resolved against it.
    public var workingDirectory: String
    /// Reads the process's standard input; called only by tools that read it (`apply -f -`,
    /// `envsubst`), so a tool never blocks on a terminal it does not need.
    public var readStandardInput: @Sendable () -> String
    /// The calling process's ID (`tilt up` records it).
    public var processID: Int32
    /// Whether a process ID is alive (`tilt` clients check the recorded `tilt up`).
    public var isProcessAlive: @Sendable (Int32) -> Bool
    /// 0 for the first round; the host counts the rounds of a call that asked to be called again.
    public var round = 0
    /// The simulated time of the first round (deadlines of waits count from it); set by the host.
    public var startedAt: Date?
    /// The exit code of the child process a previous round asked to run.
    public var childExitCode: Int32?
    /// What the previous round asked to be given back (such as how many log lines it printed).
    public var carry: String?

    /// An invocation of `tool` with `arguments`.
    public init(
        tool: String, arguments: [String], environment: [String: String], workingDirectory: String,
        readStandardInput: @escaping @Sendable () -> String = { "" }, processID: Int32 = 0,
        isProcessAlive: @escaping @Sendable (Int32) -> Bool = { _ in false }
    ) {
        self.tool = tool
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.readStandardInput = readStandardInput
        self.processID = processID
        self.isProcessAlive = isProcessAlive
    }

    /// `path` resolved against the working directory.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).standardizedFileURL.path
    }
}
