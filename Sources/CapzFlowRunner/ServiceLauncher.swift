#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Starts and stops long-running `service` steps (such as `tilt up`) that must outlive the runner.
///
/// Unlike a step, a service does not run under the guard: it gets its own session and no
/// parent-death signal, and it is not the runner's child (a short-lived launcher shell forks it
/// and exits), so it keeps running after the runner exits and never becomes the runner's zombie.
/// Its identity (pid and start time) is what the runner records to find and stop it later.
public enum ServiceLauncher {
    /// Starts `bash -euo pipefail -c script` detached, with stdin from `/dev/null` and stdout
    /// and stderr appended to `logPath`, and returns its identity.
    ///
    /// The log's folder is created with mode 0700 and the log file with mode 0600, as a service
    /// may print secrets. `environment` is added on top of the inherited environment. The call
    /// blocks only for the few milliseconds the launcher shell takes to fork the service.
    ///
    /// - Important: the service leads its own session and process group (its pgid is its pid),
    ///   so `stop` can end everything it started, and nothing sent to a step's group reaches it.
    /// - Throws: `ServiceLauncher.LaunchError` if the log cannot be created or the service
    ///   cannot be started.
    public static func start(
        script: String,
        environment: [String: String],
        workingDirectory: String?,
        logPath: String
    ) throws -> ProcessIdentity {
        try prepareLog(at: logPath)
        // The launcher forks the service and exits at once. `setsid` (not a group leader here,
        // so it does not fork again) gives the service its own session and keeps the pid that
        // `$!` reports. Script, log path and folder are positional arguments, never pasted into
        // the launcher's text. Before forking, the launcher closes every descriptor above 2 it
        // inherited from capzflow's caller: a long-lived service holding one open would make
        // whoever waits for end-of-file on it wait as long as the service lives.
        let launcher = #"""
            for fd in $(ls /proc/$$/fd); do if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null; fi; done
            cd -- "$3" && { setsid bash -euo pipefail -c "$1" capzflow-service </dev/null >>"$2" 2>&1 & echo "$!"; }
            """#
        let (status, printed) = try runLauncher(
            arguments: ["bash", "-c", launcher, "capzflow-launch", script, logPath, workingDirectory ?? "."],
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, added in added },
            logPath: logPath
        )
        guard status == 0, let pid = Int32(printed.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            // A wait status: the exit code in bits 8-15, or the signal in bits 0-6.
            let how = status & 0x7F == 0 ? "exited with \(status >> 8 & 0xFF)" : "was killed by signal \(status & 0x7F)"
            throw LaunchError("the launcher shell \(how); see \(logPath)")
        }
        guard let identity = waitUntilDetached(pid) else {
            throw LaunchError("the service exited at once; its output is in \(logPath)")
        }
        return identity
    }

    /// Ends a service's process group: SIGTERM, then SIGKILL after `grace`.
    ///
    /// Does nothing if the service no longer runs, so a pid recycled by another process since
    /// the identity was recorded is never signalled.
    public static func stop(_ identity: ProcessIdentity, grace: Duration) async {
        guard identity.isAlive else { return }
        await ProcessGroup.terminate(identity.pid, grace: grace)
    }

    /// The size of a service's log, where the next instance's output will begin; 0 if none.
    public static func logSize(_ path: String) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// The last non-empty lines a service's log received after offset `start` (at most `count`,
    /// each at most 300 characters), to say in a failure why the service ended; empty if the log
    /// is unreadable.
    public static func tail(ofLog path: String, from start: UInt64, count: Int) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return [] }
        try? handle.seek(toOffset: max(start, size > 16_384 ? size - 16_384 : 0))
        guard let data = try? handle.readToEnd() else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .filter { !$0.allSatisfy(\.isWhitespace) }
        return lines.suffix(count).map { String($0.prefix(300)) }
    }

    /// Why a service could not be started.
    public struct LaunchError: Error, CustomStringConvertible, Equatable {
        /// What went wrong and what to look at.
        public var description: String

        init(_ description: String) {
            self.description = "cannot start the service: " + description
        }
    }

    /// Creates the log's folder (0700) and the log file (0600) if they do not exist yet.
    private static func prepareLog(at path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw LaunchError("cannot create the log folder \(folder): \(error.localizedDescription)")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw LaunchError("cannot create the log file \(path): \(String(cString: strerror(errno)))")
        }
        close(fd)
    }

    /// Waits until the service leads its own session and returns its identity; `nil` if it
    /// exited first.
    ///
    /// The launcher returns as soon as it has forked the service, possibly before `setsid` ran;
    /// until then the service is in the runner's process group, where `stop` could not reach
    /// it. That takes microseconds, so a short poll is enough.
    private static func waitUntilDetached(_ pid: Int32) -> ProcessIdentity? {
        while let stat = ProcessStat.of(pid: pid), !stat.hasExited {
            if stat.processGroup == pid {
                return ProcessIdentity(pid: pid, startTime: stat.startTime)
            }
            usleep(1000)
        }
        return nil
    }

    /// Runs the launcher shell to completion and returns its wait status and what it printed.
    ///
    /// A plain `posix_spawn` and `waitpid`, because the launcher exits within milliseconds and
    /// `start` is synchronous. Its stdout goes to a file beside the log (a pipe could leak into
    /// a process spawned at the same moment and keep us waiting), its stderr to the log, its
    /// stdin is `/dev/null`, and its signal mask and dispositions are reset, so the service
    /// inherits none of the runner's. Other descriptors are not inherited because the runner
    /// opens everything close-on-exec (as swift-subprocess and SQLite do).
    private static func runLauncher(
        arguments: [String], environment: [String: String], logPath: String
    ) throws -> (status: Int32, output: String) {
        let outputPath = logPath + ".launch"
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, logPath, O_WRONLY | O_APPEND | O_CREAT, 0o600)

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

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw LaunchError("cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (status, output)
    }
}
