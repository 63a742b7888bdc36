import Foundation

/// Runs simulated tools against a world folder for the `capzflow-sim` executable: one round at
/// a time, each under the world's lock, and the transcript.
///
/// The executable owns the process side (arguments, stdin, printing, sleeping, children,
/// signals); everything that touches the world goes through here.
public struct ToolHost: Sendable {
    /// One answered round, with the clock rate to turn its simulated durations into real ones.
    public struct Round: Sendable {
        /// The tool's answer.
        public var result: ToolResult
        /// Simulated seconds per real second at the time of the round.
        public var rate: Double

        /// The real seconds a simulated `duration` takes.
        public func realSeconds(_ duration: Duration) -> Double {
            duration.seconds / rate
        }
    }

    /// The world folder.
    public let folder: String

    /// The host of the world `$CAPZFLOW_SIM_WORLD` names in `environment`.
    ///
    /// - Throws: `SimError.worldFolderUnset` when the variable is missing or empty,
    ///   `SimError.worldMissing` when the folder holds no world.
    public init(environment: [String: String]) throws(SimError) {
        guard let path = environment[SimulatedWorld.worldVariable], !path.isEmpty else { throw SimError.worldFolderUnset }
        let location = WorldFolder(path)
        guard FileManager.default.fileExists(atPath: location.worldFile) else { throw SimError.worldMissing(location.path) }
        folder = location.path
    }

    /// Answers one round of `invocation` at real time `real`: locks the world, advances it to
    /// the simulated time, runs the tool, and saves the world if the tool (or time) changed it.
    /// Sets `invocation.startedAt` on the first round.
    ///
    /// - Throws: `SimError` when the world cannot be read or written.
    public func round(_ invocation: inout ToolInvocation, at real: Date) throws(SimError) -> Round {
        if invocation.round == 0, SimulatedTool.readsStandardInput(invocation) {
            // Read stdin before taking the lock: the writer may be another simulated tool
            // (`az … | yq …`) that needs the lock to produce it.
            let text = invocation.readStandardInput()
            invocation.readStandardInput = { text }
        }
        let location = WorldFolder(folder)
        return try location.locked { () throws(SimError) in
            var world = try location.load()
            let before = WorldFolder.encode(world)
            let now = max(world.now, world.clock.simulated(at: real))
            if invocation.startedAt == nil { invocation.startedAt = now }
            let result = SimulatedTool.run(invocation, world: &world, now: now)
            if WorldFolder.encode(world) != before { try location.save(world) }
            return Round(result: result, rate: world.clock.rate)
        }
    }

    /// Appends `call` to the world's transcript.
    ///
    /// - Throws: `SimError.fileSystem` when it cannot be written.
    public func record(_ call: SimCall) throws(SimError) {
        try WorldFolder(folder).append(call)
    }
}
