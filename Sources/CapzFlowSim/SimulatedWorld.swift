import Foundation

/// A simulated world in a folder: what `capzflow run --simulate` creates for a run, reopens on
/// resume, and inspects afterwards.
///
/// The folder holds `world.json` (the state), `calls.jsonl` (every simulated command),
/// `bin/` (one symlink per tool name to the simulator; prepend it to `PATH`) and `capz/` (the
/// simulated CAPZ checkout, the workflow's `CAPZ_DIR`).
public struct SimulatedWorld: Sendable {
    /// The tool names `bin/` links to the simulator.
    public static let toolNames = SimulatedTool.allCases.map(\.rawValue)

    /// The environment variable naming the world folder, which every simulated tool needs.
    public static let worldVariable = "CAPZFLOW_SIM_WORLD"

    /// The world folder (absolute).
    public var folder: String
    /// The folder of tool links; prepend it to `PATH`.
    public var binFolder: String
    /// The simulated CAPZ checkout: the workflow's `CAPZ_DIR`.
    public var checkout: String
    /// What a step's environment needs to reach this world: at least `CAPZFLOW_SIM_WORLD`.
    public var environment: [String: String]

    private init(folder: WorldFolder) {
        self.folder = folder.path
        binFolder = folder.path + "/bin"
        checkout = folder.path + "/capz"
        environment = [Self.worldVariable: folder.path]
    }

    /// Creates the world in `folder` (first call: `world.json` from `options`, the `bin/` folder
    /// with a symlink per tool name to `toolPath`, and the simulated CAPZ checkout `capz/`), or
    /// reopens it unchanged (a resume continues in the same world; `options` nil = keep the
    /// stored ones). Reopening with different options changes the speed from now on and
    /// restarts the fault list; the tool links always point at `toolPath` afterwards.
    ///
    /// - Throws: `SimError.invalidSpeed` for a speed that is not above 0; `SimError.fileSystem`
    ///   or `SimError.corruptWorld` when the folder cannot be set up or read.
    public static func prepare(folder: String, options: SimulationOptions?, toolPath: String) throws(SimError) -> SimulatedWorld {
        if let speed = options?.speed, !(speed > 0 && speed.isFinite) { throw SimError.invalidSpeed(speed) }
        let location = WorldFolder(folder)
        do {
            try FileManager.default.createDirectory(atPath: location.path, withIntermediateDirectories: true)
        } catch {
            throw SimError.fileSystem(path: location.path, reason: error.localizedDescription)
        }
        try location.locked { () throws(SimError) in
            let now = Date()
            if FileManager.default.fileExists(atPath: location.worldFile) {
                var world = try location.load()
                if let options, options != world.options {
                    world.advance(to: world.clock.simulated(at: now))
                    world.clock.setSpeed(options.speed, at: now)
                    if options.faults != world.options.faults { world.faults = FaultState(options.faults) }
                    world.options = options
                    try location.save(world)
                }
            } else {
                try location.save(World(options: options ?? SimulationOptions(), real: now, seed: UInt64.random(in: 1...UInt64.max)))
            }
        }
        try CapzCheckout.link(toolNames, in: location.path + "/bin", to: toolPath)
        try CapzCheckout.create(at: location.path + "/capz", toolPath: toolPath)
        return SimulatedWorld(folder: location)
    }

    /// Every command the simulated tools answered in this world, in the order they started.
    ///
    /// - Throws: `SimError.corruptTranscript` for a line that does not decode.
    public func calls() throws(SimError) -> [SimCall] {
        try WorldFolder(folder).calls()
    }

    /// What the world holds now: resource groups, AKS clusters, workload clusters, internal load
    /// balancers, private DNS zones and peerings, by name.
    ///
    /// - Throws: `SimError.worldMissing` or `SimError.corruptWorld` when `world.json` is unreadable.
    public func inventory() throws(SimError) -> SimInventory {
        let location = WorldFolder(folder)
        return try location.locked { () throws(SimError) in
            var world = try location.load()
            world.advance(to: world.clock.simulated(at: Date()))
            return world.inventory
        }
    }
}
