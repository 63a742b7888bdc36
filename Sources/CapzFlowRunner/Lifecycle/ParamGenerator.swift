import CapzFlowCore
import Foundation

/// Runs a parameter's `generate:` command once, when the run starts.
enum ParamGenerator {
    /// The command's trimmed standard output.
    ///
    /// - Throws: `RunnerError.params(.generationFailed)` when it fails or prints nothing.
    static func generate(_ spec: ParamSpec, workflow: Workflow, known: [String: String], settings: RunnerSettings) async throws(RunnerError) -> String {
        guard let command = spec.generate else { return "" }
        var environment = settings.environment
        for item in workflow.env { environment[item.name] = item.value }
        environment.merge(known) { _, new in new }
        let lines = LineTail(limit: 1_000)
        let result: StepProcessResult
        do {
            result = try await StepProcess.run(
                // Only standard output is the value; the combined stream would mix in warnings.
                StepProcessRequest(script: "exec 2>/dev/null\n" + command, environment: environment, workingDirectory: nil,
                                   timeout: .seconds(60), idleTimeout: nil, killGrace: settings.killGrace),
                guardPath: settings.guardPath, recordStart: { _ in }, output: { await lines.append($0) })
        } catch {
            throw .params(.generationFailed(name: spec.name, reason: "\(error)"))
        }
        let text = await lines.text
        guard result.termination == .exited(0) else {
            throw .params(.generationFailed(name: spec.name, reason: "its command ended with \(result.termination); run it by hand to see why: \(command)"))
        }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw .params(.generationFailed(name: spec.name, reason: "its command printed nothing")) }
        do {
            return try ParamResolver.canonical(value, for: spec)
        } catch {
            throw .params(error)
        }
    }
}
