import CapzFlowRunner
import CapzFlowSim
import Foundation

/// Opens the simulated world of an existing run for `sim calls` and `sim exec`.
enum SimWorldAccess {
    /// - Throws: `RunnerError.noSuchRun` when the run does not exist, `Refusal` when it was not
    ///   started with `--simulate`.
    static func open(_ runId: String, state: StateOptions) throws -> SimulatedWorld {
        guard let store = try state.openForReading(for: runId), try store.run(runId) != nil else {
            throw RunnerError.noSuchRun(runId)
        }
        guard SimulationSetup.isSimulated(runId: runId, state: state) else {
            throw Refusal("run \(runId) was not started with --simulate, so it has no simulated world")
        }
        return try SimulatedWorld.prepare(
            folder: SimulationSetup.folder(runId: runId, state: state), options: nil,
            toolPath: try CompanionProgram.simulatorPath())
    }
}
