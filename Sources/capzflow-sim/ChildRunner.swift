import CapzFlowSim
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the child a simulated `make` asks for and waits for it, passing on a signal make
/// receives (the child is usually in the same process group and gets it too).
enum ChildRunner {
    /// The child's exit code (its status, or 128 + N when signal N ended it; 127 when it cannot
    /// be started), and the signal make itself received while waiting, if any.
    static func run(_ child: ChildProcess) -> (exitCode: Int32, signal: Int32?) {
        guard chdir(child.workingDirectory) == 0 else {
            ProcessIO.write("make: \(child.workingDirectory): \(String(cString: strerror(errno)))\n", to: STDERR_FILENO)
            return (127, nil)
        }
        let environment = child.environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = withCStrings(child.argv) { argv in
            withCStrings(environment) { envp in
                posix_spawnp(&pid, child.argv[0], nil, nil, argv, envp)
            }
        }
        guard status == 0 else {
            ProcessIO.write("make: \(child.argv[0]): \(String(cString: strerror(status)))\n", to: STDERR_FILENO)
            return (127, nil)
        }
        var code: Int32 = 0
        var received: Int32?
        let waited = SignalWatch.interruptible { () -> Bool in
            while waitpid(pid, &code, 0) < 0 {
                guard errno == EINTR else { return false }
                if let signal = SignalWatch.pending() {
                    received = signal
                    kill(pid, signal)
                }
            }
            return true
        }
        guard waited else { return (127, received) }
        if code & 0x7f == 0 { return ((code >> 8) & 0xff, received) }
        return (128 + (code & 0x7f), received)
    }

    /// Calls `body` with `strings` as a NULL-terminated C array.
    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T) -> T {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
