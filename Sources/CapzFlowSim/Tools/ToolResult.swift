/// What a simulated tool answers to one round of a call.
public struct ToolResult: Sendable, Equatable {
    /// What the host does after printing this round's output.
    public enum Next: Sendable, Equatable {
        /// Call the tool again (round + 1) after this much simulated time.
        case again(after: Duration)
        /// Run this child process, then call the tool again with its exit code.
        case spawn(ChildProcess)
    }

    /// Text for standard output.
    public var stdout: String
    /// Text for standard error.
    public var stderr: String
    /// The exit code, when this round ends the call (`next` is nil).
    public var exitCode: Int32
    /// Simulated time the real tool takes before giving this final answer (an `az aks create`);
    /// the host sleeps it, scaled to real time, before printing.
    public var sleep: Duration?
    /// Whether the call goes on after this round.
    public var next: Next?
    /// Given back to the next round as `ToolInvocation.carry`.
    public var carry: String?

    /// A result.
    public init(
        stdout: String = "", stderr: String = "", exitCode: Int32 = 0, sleep: Duration? = nil, next: Next? = nil,
        carry: String? = nil
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
        self.sleep = sleep
        self.next = next
        self.carry = carry
    }

    /// Success printing `stdout`.
    static func ok(_ stdout: String = "") -> ToolResult {
        ToolResult(stdout: stdout)
    }

    /// Failure with `stderr` and `code`.
    static func failure(_ stderr: String, code: Int32 = 1) -> ToolResult {
        ToolResult(stderr: stderr, exitCode: code)
    }

    /// Nothing printed; call again after `interval`.
    static func again(after interval: Duration, carry: String? = nil) -> ToolResult {
        ToolResult(next: .again(after: interval), carry: carry)
    }
}

/// A process a simulated tool asks the host to run (`make` running its recipe).
public struct ChildProcess: Sendable, Equatable {
    /// The program and its arguments; the program is looked up on the environment's `PATH`.
    public var argv: [String]
    /// The child's whole environment.
    public var environment: [String: String]
    /// Its working directory.
    public var workingDirectory: String
}
