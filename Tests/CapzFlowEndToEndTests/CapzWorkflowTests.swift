import CapzFlowSim
import Foundation
import Testing

/// The flagship workflow against the simulated world: it succeeds, leaves one of everything,
/// survives kill -9 and resume, and issues only command lines the real Azure CLI accepts.
@Suite("the CAPZ workflow under the simulator")
struct CapzWorkflowTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    static var workflow: String { ExampleWorkflowTests.folder + "/capz-aks-ilb.yaml" }
    static var envFile: String { ExampleWorkflowTests.folder + "/capz-aks-ilb.env.example" }

    /// The simulated world of `runId`, reopened as it is.
    func world(_ runId: String) throws -> SimulatedWorld {
        let folder = URL(fileURLWithPath: workspace.statePath).deletingLastPathComponent().path + "/runs/\(runId)/sim"
        return try SimulatedWorld.prepare(folder: folder, options: nil, toolPath: try CapzflowBinary.path() + "-sim")
    }

    /// Stops the Tilt services a run left running (services outlive capzflow on purpose).
    func stopServices(_ runId: String) async throws {
        for event in try await workspace.events(runId) where event.type == "service.started" {
            if let pid = event.pid { kill(pid, SIGTERM) }
        }
    }

    func expectOneOfEverything(_ runId: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let inventory = try world(runId).inventory()
        #expect(inventory.aksClusters.count == 1, "\(inventory)", sourceLocation: sourceLocation)
        #expect(inventory.workloadClusters.count == 1, "\(inventory)", sourceLocation: sourceLocation)
        #expect(inventory.internalLoadBalancers.count == 1, "\(inventory)", sourceLocation: sourceLocation)
        #expect(inventory.privateDNSZones.count == 1, "\(inventory)", sourceLocation: sourceLocation)
        #expect(inventory.peerings.count == 2, "\(inventory)", sourceLocation: sourceLocation)
        // The AKS resource group, its node resource group, and the workload cluster's.
        #expect(inventory.resourceGroups.count == 3, "\(inventory)", sourceLocation: sourceLocation)
    }

    @Test("the workflow succeeds against the simulator and builds exactly one of everything")
    func succeeds() async throws {
        let run = try await workspace.capzflow("run", Self.workflow, "--simulate", "--env-file", Self.envFile, "--run-id", "capz-1")

        expectExit(0, run)
        #expect(run.stdout.contains("ILB_NAME="), "\(run)")
        #expect(run.stdout.contains("API_SERVER_FQDN="), "\(run)")
        try expectOneOfEverything("capz-1")
        let calls = try world("capz-1").calls()
        #expect(calls.contains { $0.tool == "az" && $0.argv.starts(with: ["network", "nsg", "rule", "update"]) && $0.step == "allow-ports" })
        #expect(calls.contains { $0.tool == "make" && $0.argv.first == "aks-create" && $0.step == "aks-create" })
        try await stopServices("capz-1")
    }

    @Test("killed with SIGKILL in the middle and resumed, the run still builds exactly one of everything")
    func killAndResume() async throws {
        let runner = try workspace.start(["run", Self.workflow, "--simulate", "--env-file", Self.envFile, "--run-id", "capz-k9"])
        _ = try await workspace.waitForEvent("capz-k9", "deploy-flavor started", from: runner) {
            $0.type == "step.started" && $0.step == "deploy-flavor"
        }
        runner.send(SIGKILL)
        _ = try await runner.finish()

        let resume = try await workspace.capzflow("resume", "capz-k9", "--env-file", Self.envFile)

        expectExit(0, resume)
        try expectOneOfEverything("capz-k9")
        let events = try await workspace.events("capz-k9")
        #expect(events.contains { $0.type == "lease.taken_over" })
        #expect(events.filter { $0.type == "step.started" && $0.step == "aks-create" }.count == 1, "aks-create ran once")
        try await stopServices("capz-k9")
    }

    @Test("every az command line of the transcript is accepted by the real Azure CLI's parser",
          .enabled(if: RealAzureCLI.path != nil, "needs the real Azure CLI (pip install azure-cli into .venv-azure/)"))
    func realParserAcceptsTranscript() async throws {
        let run = try await workspace.capzflow("run", Self.workflow, "--simulate", "--env-file", Self.envFile, "--run-id", "capz-az")
        expectExit(0, run)
        try await stopServices("capz-az")
        let lines = Set(try world("capz-az").calls().filter { $0.tool == "az" && $0.argv.first != "login" }.map(\.argv))
        let az = try #require(RealAzureCLI.path)
        for argv in lines.sorted(by: { $0.joined(separator: " ") < $1.joined(separator: " ") }) {
            let result = try await RealAzureCLI.run(az, argv, in: workspace.path("azure-config"))
            #expect(result.exitCode != 2, "the real az refused: az \(argv.joined(separator: " "))\n\(result.stderr)")
        }
    }
}
