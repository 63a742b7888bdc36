import Foundation
import Testing

import CapzFlowSim

@Suite("The executable records every call in the world's transcript", .requiresSimulatorExecutable)
struct TranscriptTests {
    @Test("a call is recorded with argv without the tool's name, its exit code, and the step and attempt of the caller")
    func recordsArgvAndStep() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let world = try SimulatedWorld.prepare(folder: folder.path, options: nil, toolPath: SimExecutable.path)
        let outcome = try SimExecutable.run(
            ["az", "group", "exists", "--name", "rg", "--output", "tsv"], world: world,
            environment: ["CAPZFLOW_STEP": "login", "CAPZFLOW_ATTEMPT": "2"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "ERROR: Please run 'az login' to setup account.\n")
        let direct = try SimExecutable.run([SimExecutable.path, "kubectl", "config", "current-context"], world: world)
        #expect(direct.stderr == "error: current-context is not set\n")

        let calls = try world.calls()
        try #require(calls.count == 2)
        #expect(calls[0].tool == "az")
        #expect(calls[0].argv == ["group", "exists", "--name", "rg", "--output", "tsv"])
        #expect(calls[0].exit == 1)
        #expect(calls[0].step == "login")
        #expect(calls[0].attempt == 2)
        #expect(calls[1].tool == "kubectl" && calls[1].argv == ["config", "current-context"])
        #expect(calls[1].step == nil && calls[1].attempt == nil)

        let line = try #require(folder.read("calls.jsonl")?.split(separator: "\n").first)
        #expect(line.hasPrefix("{\"time\":\""))
        #expect(line.contains("\",\"tool\":\"az\",\"argv\":[\"group\",\"exists\",\"--name\",\"rg\",\"--output\",\"tsv\"],\"exit\":1,\"step\":\"login\",\"attempt\":2}"))
        let time = String(line.dropFirst("{\"time\":\"".count).prefix(24))
        #expect(time.count == 24 && time.hasSuffix("Z") && time.contains("."), "\(time)")
    }

    @Test("without CAPZFLOW_SIM_WORLD a tool exits 2 naming the variable")
    func needsWorldVariable() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SimExecutable.path)
        process.arguments = ["az", "version"]
        var environment = ProcessInfo.processInfo.environment
        environment["CAPZFLOW_SIM_WORLD"] = nil
        process.environment = environment
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(text.contains("CAPZFLOW_SIM_WORLD is not set"))
    }

    @Test("a long-running tool ended by SIGTERM records exit 143")
    func recordsTermination() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let world = try SimulatedWorld.prepare(folder: folder.path, options: nil, toolPath: SimExecutable.path)
        let (process, output, _) = try SimExecutable.start(["tilt", "up"], world: world)
        // Hang guard: never leave a tilt up behind, whatever happens below.
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { kill(pid, SIGKILL) }
        // Wait for tilt up's banner: from then on it is streaming and sleeping between rounds.
        var banner = ""
        while !banner.contains("Tilt started on") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        #expect(banner.contains("Tilt started on http://localhost:10350/"))
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let last = try #require(try world.calls().last)
        #expect(last.tool == "tilt" && last.argv == ["up"])
        #expect(last.exit == 143)
    }
}
