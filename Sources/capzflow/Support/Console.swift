import Foundation
import Synchronization

/// Where the CLI writes: results to standard output, errors to standard error.
///
/// A reader may go away early (`capzflow run … | head`): the write then fails with EPIPE
/// (SIGPIPE is ignored), and from then on output to that stream is dropped, so a run never
/// depends on anyone still reading its progress.
enum Console {
    private static let outputClosed = Atomic<Bool>(false)
    private static let errorClosed = Atomic<Bool>(false)

    static func out(_ text: String) {
        write(text + "\n", to: .standardOutput, closed: outputClosed)
    }

    static func error(_ text: String) {
        write("capzflow: " + text + "\n", to: .standardError, closed: errorClosed)
    }

    /// Writes `text` as it is (no newline), for the live progress line.
    static func raw(_ text: String) {
        write(text, to: .standardOutput, closed: outputClosed)
    }

    private static func write(_ text: String, to handle: FileHandle, closed: borrowing Atomic<Bool>) {
        guard !closed.load(ordering: .relaxed) else { return }
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            closed.store(true, ordering: .relaxed)
        }
    }

    /// Whether standard output is a terminal (live progress line, colours).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether colour is allowed: a terminal, and no `NO_COLOR` set.
    static var useColor: Bool {
        isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
