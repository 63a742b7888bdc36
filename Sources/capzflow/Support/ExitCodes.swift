import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation

/// The one place where a thrown error becomes a message and an exit code.
///
/// 0 success · 1 run failed or cancelled · 2 invalid input · 3 held by a live runner ·
/// 4 no such run · 130 interrupted. A new code goes here and into docs/operations.md together.
enum ExitCodes {
    static let failed: Int32 = 1
    static let invalidInput: Int32 = 2
    static let held: Int32 = 3
    static let noSuchRun: Int32 = 4
    static let interrupted: Int32 = 130

    static func run(_ arguments: [String]) async -> Int32 {
        var drivesRun = false
        let code = await outcome(of: arguments) { drivesRun = $0 is CapzFlow.Run || $0 is CapzFlow.Resume }
        guard let lost = Console.outputLost else { return code }
        // What a command printed is its result; a run's is only progress, and the run happened.
        Console.error("could not write to standard output (\(lost))" + (drivesRun ? "; the run itself is recorded" : ""))
        return drivesRun || code != 0 ? code : invalidInput
    }

    /// Parses and runs the command (`parsed` sees it first); the exit code of how it ended.
    private static func outcome(of arguments: [String], parsed: (any ParsableCommand) -> Void) async -> Int32 {
        do {
            var command = try CapzFlow.parseAsRoot(arguments)
            parsed(command)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as RunnerError {
            Console.error(error.description)
            return code(for: error)
        } catch let error as StoreError {
            Console.error(error.description)
            return code(for: error)
        } catch let error as StoppedRun {
            Console.error(error.description)
            return code(for: error.cause)
        } catch let error as WorkflowError {
            Console.error(error.description)
            return invalidInput
        } catch let error as ParamError {
            Console.error(error.description)
            return invalidInput
        } catch let error as Refusal {
            Console.error(error.description)
            return invalidInput
        } catch let error as EventDecodingError {
            Console.error(error.description)
            return invalidInput
        } catch {
            let code = CapzFlow.exitCode(for: error)
            let message = CapzFlow.fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { Console.out(message) } else { Console.error(message) }
            }
            // ArgumentParser reports bad usage as EX_USAGE (64); our contract says 2.
            return code.rawValue == 64 ? invalidInput : code.rawValue
        }
    }

    static func code(for error: RunnerError) -> Int32 {
        switch error {
        case .held, .leaseLost: held
        case .noSuchRun: noSuchRun
        case let .store(storeError): code(for: storeError)
        case .unreadableWorkflow, .missingEnvironment, .missingCommands, .badEnvFile, .badRunId, .definitionChanged,
             .reloadDropsFinishedSteps, .unknownStep, .unreadableEvents, .companionMissing, .cannotRunStep, .workflow, .params:
            invalidInput
        }
    }

    static func code(for error: StoreError) -> Int32 {
        switch error {
        case .noSuchRun: noSuchRun
        case .leaseHeld, .leaseLost: held
        default: invalidInput
        }
    }

    /// The exit code of a run that ended in `status`.
    static func code(for status: RunStatus) -> Int32 {
        switch status {
        case .succeeded: 0
        case .failed, .cancelled: failed
        case .interrupted: interrupted
        case .running: failed
        }
    }
}
