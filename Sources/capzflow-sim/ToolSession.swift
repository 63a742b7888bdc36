import CapzFlowSim
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One process's call of a simulated tool: runs its rounds against the world, prints, sleeps,
/// runs the children `make` asks for, and records the call in the transcript when it ends.
struct ToolSession {
    /// The tool.
    let tool: String
    /// Its arguments (without its name).
    let arguments: [String]
    /// The process environment.
    let environment: [String: String]
    /// The world.
    let host: ToolHost
    /// When the call started (real time), for the transcript.
    let startedAt: Date

    /// The shortest real pause between rounds, so a fast clock does not spin on the world's lock.
    private static let minimumPause = 0.05

    /// Runs the call to its end and exits with its code.
    func run() -> Never {
        var invocation = ToolInvocation(
            tool: tool, arguments: arguments, environment: environment,
            workingDirectory: FileManager.default.currentDirectoryPath,
            readStandardInput: { ProcessIO.readStandardInput() }, processID: getpid(),
            isProcessAlive: { ProcessIO.isAlive($0) })
        while true {
            let round: ToolHost.Round
            do {
                round = try host.round(&invocation, at: Date())
            } catch {
                ProcessIO.write("capzflow-sim (\(tool)): \(error.description)\n", to: STDERR_FILENO)
                finish(1)
            }
            let result = round.result
            guard let next = result.next else {
                if let sleep = result.sleep, let signal = SignalWatch.sleep(round.realSeconds(sleep)) {
                    interrupted(by: signal)
                }
                ProcessIO.write(result.stdout, to: STDOUT_FILENO)
                ProcessIO.write(result.stderr, to: STDERR_FILENO)
                finish(result.exitCode)
            }
            switch next {
            case .again(let interval):
                // Printing and sleeping are one interruptible span: a signal after the output
                // (which a caller may be waiting for) is always caught and recorded.
                let signal = SignalWatch.interruptible { () -> Int32? in
                    ProcessIO.write(result.stdout, to: STDOUT_FILENO)
                    ProcessIO.write(result.stderr, to: STDERR_FILENO)
                    return SignalWatch.sleep(max(Self.minimumPause, round.realSeconds(interval)))
                }
                if let signal { interrupted(by: signal) }
            case .spawn(let child):
                ProcessIO.write(result.stdout, to: STDOUT_FILENO)
                ProcessIO.write(result.stderr, to: STDERR_FILENO)
                let outcome = ChildRunner.run(child)
                if let signal = outcome.signal { interrupted(by: signal) }
                invocation.childExitCode = outcome.exitCode
            }
            invocation.carry = result.carry
            invocation.round += 1
        }
    }

    private func interrupted(by signal: Int32) -> Never {
        record(128 + signal)
        SignalWatch.die(of: signal)
    }

    private func finish(_ code: Int32) -> Never {
        record(code)
        exit(code)
    }

    private func record(_ code: Int32) {
        let call = SimCall(
            time: startedAt, tool: tool, argv: arguments, exit: code, step: environment["CAPZFLOW_STEP"],
            attempt: environment["CAPZFLOW_ATTEMPT"].flatMap { Int($0) })
        do {
            try host.record(call)
        } catch {
            ProcessIO.write("capzflow-sim (\(tool)): cannot record the call: \(error.description)\n", to: STDERR_FILENO)
        }
    }
}
