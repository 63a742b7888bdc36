#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Signals and watches a step's whole process group, whose id is the pid of its guard.
///
/// A step's shell may leave background processes behind; only signalling the group reaches
/// them all, on teardown and again when a later runner cleans up after a crashed one.
///
/// - Important: the group ids 0 and 1 and the caller's own group are never signalled, so a bad
///   recorded id cannot take down capzflow itself or the whole session.
public enum ProcessGroup {
    /// Ends a process group: SIGTERM, then SIGKILL if any member still runs after `grace`.
    ///
    /// Used on resume for a group a crashed runner left behind. Returns early once no member
    /// runs; a group of only zombies counts as ended. Cancelling the calling task skips the rest
    /// of the grace period and goes straight to SIGKILL.
    public static func terminate(_ pgid: Int32, grace: Duration) async {
        guard isSignallable(pgid) else { return }
        send(SIGTERM, to: pgid)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        while isAlive(pgid), clock.now < deadline {
            do {
                try await Task.sleep(for: min(pollInterval, clock.now.duration(to: deadline)))
            } catch {
                break
            }
        }
        if isAlive(pgid) {
            send(SIGKILL, to: pgid)
        }
    }

    /// Whether any process of the group still runs (zombies waiting to be reaped do not count).
    public static func isAlive(_ pgid: Int32) -> Bool {
        guard isSignallable(pgid) else { return false }
        if kill(-pgid, 0) != 0, errno == ESRCH {
            return false
        }
        // kill() also succeeds while only zombies are left, which happens wherever pid 1 does
        // not reap orphans (containers); look for a member that has not exited.
        guard let pids = ProcessStat.allProcessIDs() else { return true }
        return pids.contains { pid in
            guard let stat = ProcessStat.of(pid: pid) else { return false }
            return stat.processGroup == pgid && !stat.hasExited
        }
    }

    /// Sends a signal to every process of the group; a group that no longer exists is fine.
    static func send(_ signal: Int32, to pgid: Int32) {
        guard isSignallable(pgid) else { return }
        guard kill(-pgid, signal) != 0 else { return }
        let error = errno
        if error != ESRCH {
            logger.warning("cannot signal process group \(pgid): \(String(cString: strerror(error)))")
        }
    }

    private static let pollInterval: Duration = .milliseconds(20)
    private static let logger = Logger(label: "capzflow.process-group")

    /// Whether `pgid` names a group capzflow may signal: a real group that is not its own.
    private static func isSignallable(_ pgid: Int32) -> Bool {
        pgid > 1 && pgid != getpgrp()
    }
}
