#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the self-pipe the signal handler writes to.
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

/// Whether the process is in a wait that a signal should interrupt (1) rather than end at once (0).
nonisolated(unsafe) private var signalInterruptible: Int32 = 0

/// Turns SIGTERM, SIGINT and SIGHUP into bytes on a pipe while a simulated tool sleeps (a wait,
/// `tilt up`) or waits for a child (`make`), so it can record its call before it ends. Outside
/// those waits (holding the world's lock, reading stdin) a signal ends the process at once, as
/// the default would: the kernel releases the lock, and the world file is never half-written.
///
/// Handlers (not `SIG_IGN`) are used on purpose: the kernel resets handled signals to their
/// default in a child at `exec`, so the scripts `make` runs still die from the runner's
/// SIGTERM to the process group. No `SA_RESTART`, so a `waitpid` returns `EINTR` on a signal.
enum SignalWatch {
    /// The read end of the pipe.
    nonisolated(unsafe) private(set) static var readEnd: Int32 = -1

    /// The signals watched.
    static let signals = [SIGTERM, SIGINT, SIGHUP]

    /// Installs the handlers, after clearing the signal mask inherited from the caller (a test
    /// runner or a supervisor may block signals in the thread that spawned us; a blocked SIGTERM
    /// would make the tool unkillable, and the scripts `make` runs would inherit the mask).
    static func install() {
        var empty = sigset_t()
        sigemptyset(&empty)
        sigprocmask(SIG_SETMASK, &empty, nil)
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        readEnd = descriptors[0]
        signalPipeWrite = descriptors[1]
        for watched in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                guard signalInterruptible == 1 else {
                    _ = Glibc.signal(number, SIG_DFL)
                    raise(number)
                    return
                }
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWrite, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(watched, &action, nil)
        }
    }

    /// Runs `body` with signals turned into pipe bytes instead of ending the process.
    static func interruptible<T>(_ body: () -> T) -> T {
        let previous = signalInterruptible
        signalInterruptible = 1
        defer { signalInterruptible = previous }
        return body()
    }

    /// A signal received since the last call, if any (does not block).
    static func pending() -> Int32? {
        var byte: UInt8 = 0
        return read(readEnd, &byte, 1) == 1 ? Int32(byte) : nil
    }

    /// Sleeps up to `seconds`; returns early with the signal number if one arrives.
    static func sleep(_ seconds: Double) -> Int32? {
        interruptible { wait(seconds) }
    }

    private static func wait(_ seconds: Double) -> Int32? {
        var remaining = max(0, seconds)
        while true {
            if let signal = pending() { return signal }
            guard remaining > 0 else { return nil }
            let started = ContinuousClock.now
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, Int32(min(remaining, 60) * 1000))
            let elapsed = ContinuousClock.now - started
            remaining -= Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }

    /// Ends the process the way `signal` would have, after the call was recorded.
    static func die(of signal: Int32) -> Never {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigaction(signal, &action, nil)
        kill(getpid(), signal)
        exit(128 + signal)
    }
}
