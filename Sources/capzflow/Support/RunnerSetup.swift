import CapzFlowRunner
import Foundation

/// Builds the runner's settings from the command line, shared by `run` and `resume`.
enum RunnerSetup {
    static func settings(envFile: String?, maxParallel: Int, state: StateOptions) throws -> RunnerSettings {
        var environment = ProcessInfo.processInfo.environment
        if let envFile { environment.merge(try EnvFile.load(envFile)) { _, fromFile in fromFile } }
        let guardPath: String
        do {
            guardPath = try CompanionProgram.guardPath()
        } catch {
            throw RunnerError.companionMissing("\(error)")
        }
        return RunnerSettings(environment: environment, maxParallel: maxParallel, runsFolder: state.runsFolder, guardPath: guardPath)
    }
}
