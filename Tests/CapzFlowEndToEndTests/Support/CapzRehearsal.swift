#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapzFlowSim
import Foundation
import Testing

/// The flagship workflow run against the simulator in one test's workspace, and what it built.
struct CapzRehearsal {
    let workspace: Workspace

    static var workflow: String { ExampleWorkflowTests.folder + "/capz-aks-ilb.yaml" }
    static var envFile: String { ExampleWorkflowTests.folder + "/capz-aks-ilb.env.example" }

    /// A hang guard for a whole rehearsal, far above its real length (about 10 s without faults,
    /// 80 s with all of them) so that a loaded machine does not trip it.
    static let hangGuard: Duration = .seconds(600)

    /// `capzflow run` of the flagship with `--simulate`, the example env file and `faults`.
    func run(_ runId: String, faults: String? = nil, _ extra: String...) async throws -> CommandResult {
        var arguments = ["run", Self.workflow, "--simulate", "--env-file", Self.envFile, "--run-id", runId]
        if let faults { arguments += ["--sim-faults", faults] }
        return try await workspace.start(arguments + extra).finish(within: Self.hangGuard)
    }

    /// `capzflow resume` of a rehearsal.
    func resume(_ runId: String) async throws -> CommandResult {
        try await workspace.start(["resume", runId, "--env-file", Self.envFile]).finish(within: Self.hangGuard)
    }

    /// Runs the flagship until the runner kills itself right after `event` (CAPZFLOW_CRASH_AFTER).
    func runUntilCrash(_ runId: String, after event: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let stopped = try await workspace.start(
            ["run", Self.workflow, "--simulate", "--env-file", Self.envFile, "--run-id", runId],
            environment: ["CAPZFLOW_CRASH_AFTER": event]).finish(within: Self.hangGuard)
        #expect(stopped.signal == SIGKILL, "\(stopped)", sourceLocation: sourceLocation)
    }

    /// Takes the AKS context out of `allowed_contexts` in the simulated checkout's
    /// tilt-settings.yaml (Tilt then refuses to deploy there); returns the file's path.
    @discardableResult
    func removeAKSContext(_ runId: String) throws -> String {
        let settings = try world(runId).checkout + "/tilt-settings.yaml"
        let text = try String(contentsOfFile: settings, encoding: .utf8)
        try text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("  - aks-mgmt-") }
            .joined(separator: "\n").write(toFile: settings, atomically: true, encoding: .utf8)
        return settings
    }

    /// The simulated world of `runId`, reopened as it is.
    func world(_ runId: String) throws -> SimulatedWorld {
        let folder = URL(fileURLWithPath: workspace.statePath).deletingLastPathComponent().path + "/runs/\(runId)/sim"
        return try SimulatedWorld.prepare(folder: folder, options: nil, toolPath: try CapzflowBinary.path() + "-sim")
    }

    /// `capzflow logs RUN STEP` as text.
    func logs(_ runId: String, _ step: String) async throws -> String {
        let result = try await workspace.capzflow("logs", runId, step)
        expectExit(0, result, "logs \(runId) \(step)")
        return result.stdout
    }

    /// Stops the Tilt services a run left running (services outlive capzflow on purpose): each
    /// recorded service's whole group, if that very process (pid and start time) still runs.
    func stopServices(_ runId: String) async throws {
        for event in try await workspace.events(runId) where event.type == "service.started" {
            guard let pid = event.pid, let started = event.startTime, ProcessProbe.startTime(of: pid) == started else { continue }
            kill(-pid, SIGTERM)
        }
    }

    /// The world holds exactly one of everything the workflow creates.
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
}
