import CapzFlowSpawn
import Glibc
import Synchronization

/// A step's process as spawned: its pid (which is also its process-group id: it leads a new
/// session), the write end of its stdin, the read end of its combined stdout and stderr, and a
/// pidfd that becomes readable when it exits.
///
/// Spawned with `posix_spawn` and watched with `poll`, from one thread per running step
/// (`StepProcess`): the whole life of a short step costs the runner one thread start and one
/// wake-up, where an asynchronous process library took half a dozen hand-offs between threads
/// (measured: about a quarter of a millisecond per step on the 200-step benchmark).
final class StepChild: Sendable {
    let pid: Int32
    private let pidfd: Int32
    private let output: Int32
    /// The write end of the child's stdin; -1 once closed, so nothing writes to a reused number.
    private let input: Mutex<Int32>

    /// Why a step process could not be started or followed to its end.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private init(pid: Int32, pidfd: Int32, input: Int32, output: Int32) {
        self.pid = pid
        self.pidfd = pidfd
        self.input = Mutex(input)
        self.output = output
    }

    /// Spawns `arguments` (the first names the program, by path) with exactly `environment`
    /// (`NAME=value` strings), in a new session, in `workingDirectory` if given.
    static func spawn(_ arguments: [String], environment: [String], workingDirectory: String? = nil) throws(Failure) -> StepChild {
        var stdin: [Int32] = [-1, -1]
        var combined: [Int32] = [-1, -1]
        let pipedInput = capzflow_pipe(&stdin)
        guard pipedInput == 0 else { throw Failure(description: "cannot create a pipe: \(String(cString: strerror(pipedInput)))") }
        let piped = capzflow_pipe(&combined)
        guard piped == 0 else {
            close(stdin[0])
            close(stdin[1])
            throw Failure(description: "cannot create a pipe: \(String(cString: strerror(piped)))")
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        var pidfd: Int32 = -1
        var pidfdFailed: Int32 = 0
        let spawned: Int32 = if let workingDirectory {
            capzflow_spawn(&pid, &pidfd, &pidfdFailed, arguments[0], argv, envp, stdin[0], combined[1], workingDirectory)
        } else {
            capzflow_spawn(&pid, &pidfd, &pidfdFailed, arguments[0], argv, envp, stdin[0], combined[1], nil)
        }
        close(stdin[0])
        close(combined[1])
        guard spawned == 0 else {
            close(stdin[1])
            close(combined[0])
            let reason = String(cString: strerror(spawned))
            throw Failure(description: pidfdFailed == 1
                ? "cannot follow \(arguments[0]): pidfd_open: \(reason) (capzflow needs Linux 5.3 or newer, where a container's seccomp profile allows pidfd_open)"
                : "cannot start \(arguments[0]): \(reason)")
        }
        _ = fcntl(combined[0], F_SETFL, fcntl(combined[0], F_GETFL) | O_NONBLOCK)
        return StepChild(pid: pid, pidfd: pidfd, input: stdin[1], output: combined[0])
    }

    /// An environment as the `NAME=value` strings a spawn hands the kernel.
    static func environment(_ variables: [String: String]) -> [String] {
        variables.map { "\($0.key)=\($0.value)" }
    }

    /// Whether the process has exited (it stays a zombie, its pid reserved, until `reap`).
    var hasExited: Bool {
        capzflow_has_exited(pidfd) == 1
    }

    /// Writes `bytes` to the process's stdin; false when it no longer reads (it has exited).
    /// - Important: the caller ignores SIGPIPE, or this kills it when the process is gone.
    func write(_ bytes: [UInt8]) -> Bool {
        input.withLock { fd in
            guard fd >= 0 else { return false }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Closes the process's stdin: a shell still waiting for its go byte exits 125.
    func closeInput() {
        input.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }

    /// Waits at most `timeout` milliseconds (-1: no limit) until output can be read or the
    /// process has exited; `outputOpen` false waits for the exit alone.
    func wait(outputOpen: Bool, timeout: Int32) -> (readable: Bool, exited: Bool) {
        let ready = capzflow_wait(outputOpen ? output : -1, pidfd, timeout)
        return (ready & 1 != 0, ready & 2 != 0)
    }

    /// One read of the output into `buffer`: the byte count, 0 at end of file, nil when nothing
    /// is there now.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        while true {
            let count = Glibc.read(output, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            return errno == EAGAIN ? nil : 0
        }
    }

    /// Reaps the exited process; how it ended: its exit code, or the signal that killed it.
    /// - Important: send the group its last signal before this: once reaped, the pid may name
    ///   another process.
    /// - Throws: `Failure` when the process was reaped by someone else, so how it ended is
    ///   unknown (the runner resets SIGCHLD, whose being ignored has the kernel do that).
    func reap() throws(Failure) -> (code: Int32, signal: Int32) {
        var code: Int32 = 0
        var signal: Int32 = 0
        let failed = capzflow_reap(pid, &code, &signal)
        guard failed == 0 else {
            throw Failure(description: "cannot learn how process \(pid) ended: \(String(cString: strerror(failed)))")
        }
        return (code, signal)
    }

    deinit {
        closeInput()
        close(output)
        close(pidfd)
    }
}
