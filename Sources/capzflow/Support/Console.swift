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
    /// The error number of the first failed write to standard output other than a reader that
    /// went away (0 if none): a full disk or a broken device loses what a command printed.
    private static let outputFailure = Atomic<Int32>(0)

    static func out(_ text: String) {
        write(text + "\n", to: STDOUT_FILENO, closed: outputClosed, failure: outputFailure)
    }

    static func error(_ text: String) {
        let ignored = Atomic<Int32>(0)
        write("capzflow: " + text + "\n", to: STDERR_FILENO, closed: errorClosed, failure: ignored)
    }

    /// Writes `text` as it is (no newline), for the live progress line.
    static func raw(_ text: String) {
        write(text, to: STDOUT_FILENO, closed: outputClosed, failure: outputFailure)
    }

    /// Why standard output lost something written to it, if it did for another reason than its
    /// reader going away: `capzflow events RUN --json > file` on a full disk must not look done.
    static var outputLost: String? {
        let code = outputFailure.load(ordering: .relaxed)
        return code == 0 ? nil : String(cString: strerror(code))
    }

    private static func write(
        _ text: String, to descriptor: Int32, closed: borrowing Atomic<Bool>, failure: borrowing Atomic<Int32>
    ) {
        guard !closed.load(ordering: .relaxed) else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written >= 0 {
                bytes = bytes.dropFirst(written)
            } else if errno == EAGAIN {
                // A descriptor someone made non-blocking: wait until it takes more.
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            } else if errno != EINTR {
                if errno != EPIPE { failure.store(errno, ordering: .relaxed) }
                closed.store(true, ordering: .relaxed)
                return
            }
        }
    }

    /// Whether standard output is a terminal (live progress line, colours).
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether colour is allowed: a terminal, and no `NO_COLOR` set.
    static var useColor: Bool {
        isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
