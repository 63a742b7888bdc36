#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// A `capzflow` process this test started and has not finished with yet.
///
/// Spawned with `posix_spawn` and reaped with `waitpid` on its own pid, rather than with
/// Foundation's `Process`: on Linux, `Process` learns that a child ended from EOF on a socket
/// the child inherits, so a detached `service` that inherits it too would make the finished
/// runner look alive for as long as the service lives. Standard output and error go to files in
/// the test's folder, not pipes, for the same reason.
///
/// `@unchecked Sendable`: the ending is only touched under `lock`; the rest never changes.
final class RunningCommand: @unchecked Sendable {
    /// The arguments after `capzflow`.
    let arguments: [String]
    /// The process id; signals go to this pid only, and only until the process is reaped.
    let pid: pid_t
    private let stdoutPath: String
    private let stderrPath: String
    private let lock = NSLock()
    private var ending: Int32?
    /// Held while a process is spawned, so a descriptor one test creates for its child is never
    /// inherited by a child another test spawns at the same moment.
    private static let spawning = NSLock()

    /// Launches `executable` with `arguments` in `workingDirectory`, output going to the two
    /// files, with default signal dispositions and an empty signal mask.
    ///
    /// - Parameters:
    ///   - descriptor: a file to open for writing as descriptor 9 of the process, to see where an
    ///     inherited descriptor ends up.
    ///   - closedStdout: standard output is a pipe nobody reads (its read end closed), as when a
    ///     reader such as `head` has gone away; writes to it fail with EPIPE.
    init(executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
         stdoutPath: String, stderrPath: String, descriptor: String? = nil, closedStdout: Bool = false) throws {
        self.arguments = arguments
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
        Self.spawning.lock()
        defer { Self.spawning.unlock() }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var pipeEnds: [Int32] = [-1, -1]
        if closedStdout {
            // Close-on-exec (and created under `spawning`), so no process spawned by a parallel
            // test keeps the read end open; dup2 gives the child its own descriptor 1.
            guard pipe(&pipeEnds) == 0 else { throw CocoaError(.fileWriteUnknown) }
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
            posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        defer {
            for end in pipeEnds where end >= 0 { close(end) }
        }
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let descriptor {
            posix_spawn_file_actions_addopen(&actions, 9, descriptor, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // `sh` changes to the working directory and then becomes capzflow (same pid); the
        // folder and the arguments are positional parameters, never script text.
        let argv = ["/bin/sh", "-c", #"cd -- "$0" && exec "$@""#, workingDirectory, executable] + arguments
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var spawned: pid_t = 0
        let error = posix_spawn(&spawned, "/bin/sh", &actions, &attributes, cArguments, cEnvironment)
        guard error == 0 else {
            throw CocoaError(.executableLoad, userInfo: [
                NSLocalizedDescriptionKey: "cannot start \(executable): \(String(cString: strerror(error)))",
            ])
        }
        pid = spawned
    }

    /// Whether the process has exited and been reaped (reaping it if it just exited).
    var hasExited: Bool { reap(blocking: false) != nil }

    /// Sends `signal` to this process (and nothing else), if it has not been reaped yet; until
    /// then its pid cannot belong to another process.
    func send(_ signal: Int32) {
        lock.withLock {
            guard ending == nil else { return }
            kill(pid, signal)
        }
    }

    /// What the process printed to standard output so far.
    var stdoutSoFar: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }

    /// What the process printed to standard error so far.
    var stderrSoFar: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits for the process to exit and returns how it ended.
    ///
    /// A hang guard, not a speed check: after `limit` the test fails, the process is killed
    /// (SIGKILL, by its pid) and `HangGuard` is thrown.
    func finish(within limit: Duration = .seconds(180), sourceLocation: SourceLocation = #_sourceLocation) async throws -> CommandResult {
        let deadline = ContinuousClock.now + limit
        var status = reap(blocking: false)
        while status == nil {
            if ContinuousClock.now > deadline {
                let message = "hang guard: `capzflow \(arguments.joined(separator: " "))` still runs after \(limit); killing it\n"
                    + "--- stdout ---\n\(stdoutSoFar)--- stderr ---\n\(stderrSoFar)"
                Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
                stop()
                throw HangGuard(what: "capzflow \(arguments.joined(separator: " "))")
            }
            try await Task.sleep(for: .milliseconds(20))
            status = reap(blocking: false)
        }
        let raw = status!  // the loop ends only once it is set
        let signal = raw & 0x7F
        let signalled = signal != 0 && signal != 0x7F
        return CommandResult(
            arguments: arguments, exitCode: signalled ? 128 + signal : (raw >> 8) & 0xFF, signal: signalled ? signal : nil,
            stdout: stdoutSoFar, stderr: stderrSoFar)
    }

    /// Kills the process if it still runs and reaps it (cleanup).
    func stop() {
        send(SIGKILL)
        _ = reap(blocking: true)
    }

    /// The wait status once the process has been reaped; reaps it when it has ended.
    private func reap(blocking: Bool) -> Int32? {
        lock.withLock {
            if let ending { return ending }
            var status: Int32 = 0
            var result: pid_t
            repeat {
                result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            } while result < 0 && errno == EINTR
            if result == pid { ending = status }
            return ending
        }
    }
}

/// Thrown when a hang guard gave up waiting; the issue is already recorded.
struct HangGuard: Error, CustomStringConvertible {
    let what: String
    var description: String { "hang guard: gave up waiting for \(what)" }
}
