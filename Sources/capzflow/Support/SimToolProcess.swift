import CapzFlowSim
import Foundation

/// Runs one simulated tool in the foreground, sharing capzflow's terminal.
enum SimToolProcess {
    /// Runs `tool` from the world's `bin/` folder and returns its exit code.
    static func run(tool: String, arguments: [String], world: SimulatedWorld) throws -> Int32 {
        let path = world.binFolder + "/" + tool
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Refusal("the simulated world has no tool '\(tool)'; it answers as: "
                + ((try? FileManager.default.contentsOfDirectory(atPath: world.binFolder).sorted().joined(separator: ", ")) ?? "?"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.merge(world.environment) { _, simulated in simulated }
        environment["PATH"] = world.binFolder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
