import CapzFlowRunner
import Foundation

/// Builds the runner's settings from the command line, shared by `run` and `resume`.
enum RunnerSetup {
    static func settings(envFile: String?, maxParallel: Int, state: StateOptions) throws -> RunnerSettings {
        var environment = ProcessInfo.processInfo.environment
        // A crash test's hook is the runner's alone: steps do not inherit it, neither from the
        // settings' environment nor from the process's own, which step processes start from.
        unsetenv(CrashPoint.variable)
        let crashPoint = try environment.removeValue(forKey: CrashPoint.variable).map { text in
            do throws(CrashPoint.Invalid) {
                return try CrashPoint(parsing: text)
            } catch {
                throw Refusal("\(error)")
            }
        }
        if let envFile {
            environment.merge(try EnvFile.load(envFile)) { _, fromFile in fromFile }
            environment[CrashPoint.variable] = nil
        }
        let guardPath: String
        do {
            guardPath = try CompanionProgram.guardPath()
        } catch {
            throw RunnerError.companionMissing("\(error)")
        }
        return RunnerSettings(environment: environment, maxParallel: maxParallel, runsFolder: state.runsFolder, guardPath: guardPath,
                              crashPoint: crashPoint)
    }
}
