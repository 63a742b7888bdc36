import Foundation

/// Where the CLI writes: results to standard output, errors to standard error.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("capzflow: " + text + "\n").utf8))
    }

    /// Whether standard output is a terminal (live progress line, colours).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether colour is allowed: a terminal, and no `NO_COLOR` set.
    static var useColor: Bool {
        isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
