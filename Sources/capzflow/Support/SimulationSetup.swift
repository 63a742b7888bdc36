import CapzFlowCore
import CapzFlowRunner
import CapzFlowSim
import Foundation

/// Puts a run into its simulated world: the world lives in the run's own folder, the simulated
/// tools come first on `PATH`, and the workflow's `CAPZ_DIR` points at the simulated checkout.
///
/// Everything about simulation happens here, at the edge: the engine runs the same workflow
/// the same way, against different programs.
enum SimulationSetup {
    /// The world folder of run `runId`.
    static func folder(runId: String, state: StateOptions) -> String {
        state.runsFolder + "/" + runId + "/sim"
    }

    /// Whether run `runId` was started with `--simulate`.
    static func isSimulated(runId: String, state: StateOptions) -> Bool {
        FileManager.default.fileExists(atPath: folder(runId: runId, state: state) + "/world.json")
    }

    /// Prepares (or reopens) the world and returns the settings and parameters to run with.
    static func apply(
        runId: String, flags: SimulationFlags?, workflow: Workflow, params: [String], settings: RunnerSettings,
        state: StateOptions
    ) throws -> (settings: RunnerSettings, params: [String]) {
        let options: SimulationOptions?
        if let flags {
            options = SimulationOptions(
                speed: flags.simSpeed ?? 1,
                faults: try flags.simFaults.map { list throws in try SimulationOptions.parseFaults(list) } ?? [])
        } else {
            options = nil
        }
        let world = try SimulatedWorld.prepare(
            folder: folder(runId: runId, state: state), options: options, toolPath: try CompanionProgram.simulatorPath())
        var settings = settings
        settings.environment.merge(world.environment) { _, simulated in simulated }
        settings.environment["PATH"] = world.binFolder + ":" + (settings.environment["PATH"] ?? "/usr/bin:/bin")
        var params = params
        let givesCheckout = params.contains { $0.hasPrefix("CAPZ_DIR=") }
        if workflow.params.contains(where: { $0.name == "CAPZ_DIR" }), !givesCheckout {
            params.append("CAPZ_DIR=" + world.checkout)
        }
        return (settings, params)
    }
}
