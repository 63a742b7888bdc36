/// How one `capzflow` invocation ended: its exit code and everything it printed.
struct CommandResult: Sendable, CustomStringConvertible {
    /// The arguments after `capzflow`.
    let arguments: [String]
    /// The exit code; 128 + N when a signal N ended the process (as a shell reports it).
    let exitCode: Int32
    /// The signal that ended the process, if one did.
    let signal: Int32?
    let stdout: String
    let stderr: String

    /// Standard output and standard error together, for searching a message wherever it went.
    var output: String { stdout + "\n" + stderr }

    /// The command and what it printed, for failure messages.
    var description: String {
        let how = signal.map { "killed by signal \($0)" } ?? "exit \(exitCode)"
        return "capzflow \(arguments.joined(separator: " ")) → \(how)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)"
    }
}
