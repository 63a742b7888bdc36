import Foundation
import Testing

@testable import CapzFlowSim

@Suite("A world folder is prepared once, reopened on resume, and shared safely by concurrent tools")
struct WorldFolderTests {
    @Test("prepare creates world.json, bin/ with a link per tool, and the checkout")
    func createsLayout() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let world = try SimulatedWorld.prepare(folder: folder.path + "/w", options: nil, toolPath: folder.path + "/sim-a")
        #expect(world.folder == folder.path + "/w")
        #expect(world.environment["CAPZFLOW_SIM_WORLD"] == world.folder)
        for tool in SimulatedWorld.toolNames {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: world.binFolder + "/" + tool) == folder.path + "/sim-a")
        }
        for tool in ["kubectl", "helm", "envsubst", "yq", "kustomize"] {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: world.checkout + "/hack/tools/bin/" + tool) == folder.path + "/sim-a")
        }
        for file in ["Makefile", "Tiltfile", "tilt-settings.yaml", "templates/cluster-template-apiserver-ilb.yaml",
                     "templates/cluster-template-windows-apiserver-ilb.yaml", "templates/addons/calico/values.yaml",
                     "scripts/aks-as-mgmt.sh"] {
            #expect(FileManager.default.fileExists(atPath: world.checkout + "/" + file), "\(file)")
        }
        #expect(FileManager.default.isExecutableFile(atPath: world.checkout + "/scripts/aks-as-mgmt.sh"))
        #expect(folder.read("w/capz/tilt-settings.yaml") == "kustomize_substitutions: {}\nallowed_contexts:\n  - kind-capz\n")
        #expect(try world.inventory() == SimInventory(
            resourceGroups: [], aksClusters: [], workloadClusters: [], internalLoadBalancers: [], privateDNSZones: [], peerings: [], securityRules: []))
    }

    @Test("prepare on an existing world keeps its state, its checkout edits and its remaining faults (resume)")
    func reopensUnchanged() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let options = SimulationOptions(speed: 2, faults: [.throttle(3)])
        _ = try SimulatedWorld.prepare(folder: folder.path, options: options, toolPath: folder.path + "/sim-a")
        let location = WorldFolder(folder.path)
        var world = try location.load()
        world.resourceGroups.append(ResourceGroup(name: "kept", location: "westus2", createdAt: world.now))
        world.faults.throttles = 1
        try location.save(world)
        try Data("edited: true\n".utf8).write(to: URL(fileURLWithPath: folder.path + "/capz/tilt-settings.yaml"))

        for reopened in [nil, options] {
            let again = try SimulatedWorld.prepare(folder: folder.path, options: reopened, toolPath: folder.path + "/sim-b")
            #expect(try again.inventory().resourceGroups == ["kept"])
            #expect(try location.load().faults.throttles == 1)
            #expect(folder.read("capz/tilt-settings.yaml") == "edited: true\n")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: again.binFolder + "/az") == folder.path + "/sim-b")
        }
    }

    @Test("prepare with other options changes the speed from now on and restarts the faults")
    func reopensWithNewOptions() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try SimulatedWorld.prepare(folder: folder.path, options: SimulationOptions(faults: [.throttle(3)]), toolPath: folder.path + "/sim-a")
        _ = try SimulatedWorld.prepare(folder: folder.path, options: SimulationOptions(speed: 4, faults: [.tiltCrash]), toolPath: folder.path + "/sim-a")
        let world = try WorldFolder(folder.path).load()
        #expect(world.clock.rate == SimClock.baseRate * 4)
        #expect(world.faults == FaultState([.tiltCrash]))
        #expect {
            try SimulatedWorld.prepare(folder: folder.path, options: SimulationOptions(speed: 0), toolPath: folder.path + "/sim-a")
        } throws: { error in
            (error as? SimError) == .invalidSpeed(0)
        }
    }

    @Test("concurrent tool processes never lose an update", .requiresSimulatorExecutable)
    func concurrentUpdates() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let world = try SimulatedWorld.prepare(folder: folder.path, options: nil, toolPath: SimExecutable.path)
        _ = try SimExecutable.run(["az", "login"], world: world)
        let names = (1...12).map { "rg-\($0)" }
        let processes = try names.map { name in
            try SimExecutable.start(["az", "group", "create", "--name", name, "--location", "westus2", "--output", "none"], world: world)
        }
        for (process, output, error) in processes {
            _ = output.fileHandleForReading.readDataToEndOfFile()
            _ = error.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        #expect(try world.inventory().resourceGroups.sorted() == names.sorted())
        let calls = try world.calls()
        #expect(calls.count == 13)
        #expect(Set(calls.dropFirst().compactMap { $0.argv.dropFirst(3).first }) == Set(names))
    }
}
