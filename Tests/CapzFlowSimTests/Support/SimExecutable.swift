import Foundation
import Testing

import CapzFlowSim

/// The built `capzflow-sim`, found beside the test binary, and a way to run commands against a
/// prepared world through it (real processes, real files).
enum SimExecutable {
    /// What a process did.
    struct Outcome {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// `capzflow-sim` in the folder of `/proc/self/exe` (SwiftPM builds it beside the tests).
    static var path: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("capzflow-sim").path
    }

    /// Whether it has been built.
    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// The environment a step in `world` gets: the world's variables and its `bin/` first on PATH.
    static func environment(_ world: SimulatedWorld, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = [world.binFolder, environment["PATH"]].compactMap { $0 }.joined(separator: ":")
        for (key, value) in world.environment { environment[key] = value }
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Starts `argv` in `directory`: a tool name runs the world's link for it, anything else is
    /// taken as a path. The caller waits.
    static func start(
        _ argv: [String], world: SimulatedWorld, environment extra: [String: String] = [:], directory: String? = nil,
        stdin: String? = nil
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        let program = SimulatedWorld.toolNames.contains(argv[0]) ? world.binFolder + "/" + argv[0] : argv[0]
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(argv.dropFirst())
        process.environment = environment(world, extra)
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? world.checkout)
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        return (process, output, error)
    }

    /// Runs `argv` to its end.
    static func run(
        _ argv: [String], world: SimulatedWorld, environment extra: [String: String] = [:], directory: String? = nil,
        stdin: String? = nil
    ) throws -> Outcome {
        let (process, output, error) = try start(argv, world: world, environment: extra, directory: directory, stdin: stdin)
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            status: process.terminationStatus)
    }
}

extension Trait where Self == ConditionTrait {
    /// Needs the built `capzflow-sim` (`swift build --scratch-path .build-sim` builds it beside the tests).
    static var requiresSimulatorExecutable: Self {
        .enabled(
            if: SimExecutable.isBuilt,
            "capzflow-sim is not built beside the test binary: run `swift build --scratch-path .build-sim` first")
    }
}
