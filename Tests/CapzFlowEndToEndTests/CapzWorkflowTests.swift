import CapzFlowSim
import Foundation
import Testing

/// The flagship workflow against the simulated world: it succeeds, leaves one of everything,
/// survives kill -9 and resume, and issues only command lines the real Azure CLI accepts.
@Suite("the CAPZ workflow under the simulator")
struct CapzWorkflowTests {
    let workspace: Workspace
    let rehearsal: CapzRehearsal

    init() throws {
        workspace = try Workspace()
        rehearsal = CapzRehearsal(workspace: workspace)
    }

    @Test("the workflow succeeds against the simulator and builds exactly one of everything")
    func succeeds() async throws {
        let run = try await rehearsal.run("capz-1")

        expectExit(0, run)
        #expect(run.stdout.contains("ILB_NAME="), "\(run)")
        #expect(run.stdout.contains("API_SERVER_FQDN="), "\(run)")
        #expect(run.stdout.contains("TEARDOWN="), "\(run)")
        try rehearsal.expectOneOfEverything("capz-1")
        let calls = try rehearsal.world("capz-1").calls()
        #expect(calls.contains { $0.tool == "az" && $0.argv.starts(with: ["network", "nsg", "rule", "update"]) && $0.step == "allow-ports" })
        #expect(calls.contains { $0.tool == "make" && $0.argv.first == "aks-create" && $0.step == "aks-create" })
        // make tilt-up still runs (a call is written down when it ends): count its starts.
        #expect(try await workspace.events("capz-1").of("service.started", step: "tilt-up").count == 1)
        try await rehearsal.stopServices("capz-1")
    }

    @Test("killed with SIGKILL right after an event is durable and resumed, the run still builds exactly one of everything",
          arguments: ["step.started:aks-create", "service.started:tilt-up", "step.succeeded:wait-for-nsg",
                      "step.started:deploy-flavor", "step.succeeded:private-dns", "step.started:verify-ilb"])
    func killAndResume(_ crashPoint: String) async throws {
        let runId = "capz-k9-" + crashPoint.replacingOccurrences(of: ":", with: "-")
        try await rehearsal.runUntilCrash(runId, after: crashPoint)

        let resume = try await rehearsal.resume(runId)

        expectExit(0, resume)
        try rehearsal.expectOneOfEverything(runId)
        let events = try await workspace.events(runId)
        #expect(events.contains { $0.type == "lease.taken_over" })
        let makes = try rehearsal.world(runId).calls().filter { $0.tool == "make" && $0.argv.first == "aks-create" }
        #expect(makes.count == 1, "make aks-create ran once (an attempt cut off at its start never ran)")
        #expect(events.of("service.started", step: "tilt-up").count == 1, "Tilt was started once and reused")
        #expect(events.of("run.succeeded").count == 1)
        try await rehearsal.stopServices(runId)
    }

    @Test("a Tiltfile that does not load fails tilt-up at once, saying why, and Tilt is stopped")
    func tiltfileLoadError() async throws {
        try await rehearsal.runUntilCrash("capz-tf", after: "step.succeeded:aks-create")
        try rehearsal.removeAKSContext("capz-tf")

        let resume = try await rehearsal.resume("capz-tf")

        expectExit(1, resume)
        let events = try await workspace.events("capz-tf")
        #expect(events.of("step.started", step: "tilt-up").count == 1, "a Tiltfile error is not retried")
        #expect(events.of("step.failed", step: "tilt-up").first?.reason?.contains("fail_on") == true)
        let log = try await rehearsal.logs("capz-tf", "tilt-up")
        #expect(log.contains("the Tiltfile did not load") && log.contains("might be production"), "\(log)")
        let pid = try #require(events.of("service.started", step: "tilt-up").first?.pid)
        try await ProcessProbe.waitUntilGone([pid], "the Tilt that could not load its Tiltfile")
    }

    @Test("aks-create runs again when tilt-settings.yaml lacks its context (the script cut off between its two writes)")
    func aksCreateCheckNeedsAllowedContext() async throws {
        try await rehearsal.runUntilCrash("capz-ctx", after: "step.succeeded:aks-create")
        let settings = try rehearsal.removeAKSContext("capz-ctx")

        let resume = try await workspace.start(["resume", "capz-ctx", "--from", "aks-create", "--env-file", CapzRehearsal.envFile])
            .finish(within: CapzRehearsal.hangGuard)

        expectExit(0, resume)
        let events = try await workspace.events("capz-ctx")
        #expect(events.of("step.skipped", step: "aks-create").isEmpty, "the check saw the missing context: \(events.types)")
        #expect(events.of("step.succeeded", step: "aks-create").count == 2)
        #expect(try String(contentsOfFile: settings, encoding: .utf8).contains("  - aks-mgmt-"), "make aks-create wrote it back")
        try rehearsal.expectOneOfEverything("capz-ctx")
        try await rehearsal.stopServices("capz-ctx")
    }

    @Test("the guide's Windows flavor name is accepted, recorded as windows-apiserver-ilb, and gets its own IP and 5 nodes")
    func windowsFlavorAlias() async throws {
        let run = try await rehearsal.run("capz-win", faults: nil, "--param", "FLAVOR=apiserver-ilb-windows")

        expectExit(0, run)
        let report = try await workspace.status("capz-win")
        #expect(report.params?["FLAVOR"] == "windows-apiserver-ilb", "\(report.params ?? [:])")
        #expect(report.params?["AZURE_INTERNAL_LB_PRIVATE_IP"] == "40.0.11.100")
        let verify = try await rehearsal.logs("capz-win", "verify-ilb")
        #expect(verify.contains("5 nodes Ready"), "\(verify)")
        try rehearsal.expectOneOfEverything("capz-win")
        try await rehearsal.stopServices("capz-win")
    }

    @Test("a single control plane is refused before anything is created, naming the hairpin problem")
    func singleControlPlaneRefused() async throws {
        let run = try await rehearsal.run("capz-cp1", faults: nil, "--param", "CONTROL_PLANE_MACHINE_COUNT=1")

        expectExit(1, run)
        let preflight = try await rehearsal.logs("capz-cp1", "preflight")
        #expect(preflight.contains("hairpin") && preflight.contains("CONTROL_PLANE_MACHINE_COUNT=3"), "\(preflight)")
        #expect(try rehearsal.world("capz-cp1").calls().isEmpty, "nothing ran after the preflight")
    }

    @Test("sim exec runs a simulated tool against the run's world; sim inventory counts what it built; sim calls --json lists tool, argv, exit and step")
    func inspectTheWorld() async throws {
        let run = try await rehearsal.run("capz-sim")
        expectExit(0, run)
        try await rehearsal.stopServices("capz-sim")

        // Options go before `--`; everything after it is the tool's.
        let clusters = try await workspace.capzflow(
            "sim", "exec", "capz-sim", "--state", workspace.statePath, "--", "az", "aks", "list", "--query", "[].name", "-o", "tsv",
            withState: false)
        expectExit(0, clusters)
        let mgmt = try #require(try await workspace.status("capz-sim").params?["MGMT_CLUSTER_NAME"])
        #expect(clusters.stdout.split(separator: "\n") == [Substring(mgmt)], "\(clusters)")
        let missing = try await workspace.capzflow(
            "sim", "exec", "capz-sim", "--state", workspace.statePath, "--", "az", "group", "show", "--name", "no-such-group",
            withState: false)
        #expect(missing.exitCode == 3 && missing.stderr.contains("ResourceGroupNotFound"), "\(missing)")

        let inventory = try await workspace.capzflow("sim", "inventory", "capz-sim", "--json")
        expectExit(0, inventory)
        let kinds = try #require(try JSONSerialization.jsonObject(with: Data(inventory.stdout.utf8)) as? [String: [String]], "\(inventory)")
        #expect(kinds["aks_clusters"]?.count == 1 && kinds["workload_clusters"]?.count == 1 && kinds["peerings"]?.count == 2, "\(kinds)")
        #expect(kinds["security_rules"]?.filter { $0.hasSuffix("/NRMS-Rule-101") }.count == 2, "\(kinds)")

        let calls = try await workspace.capzflow("sim", "calls", "capz-sim", "--json")
        expectExit(0, calls)
        let lines = calls.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["tool"] is String && object["argv"] is [String] && object["exit"] is Int, "\(line)")
        }
        #expect(calls.stdout.contains(#""step":"verify-ilb""#), "every call names its step")
    }

    @Test("every az command line of the transcript is accepted by the real Azure CLI's parser",
          .enabled(if: RealAzureCLI.path != nil, "needs the real Azure CLI (pip install azure-cli into .venv-azure/)"))
    func realParserAcceptsTranscript() async throws {
        let run = try await rehearsal.run("capz-az")
        expectExit(0, run)
        try await rehearsal.stopServices("capz-az")
        let lines = Set(try rehearsal.world("capz-az").calls().filter { $0.tool == "az" && $0.argv.first != "login" }.map(\.argv))
        let az = try #require(RealAzureCLI.path)
        for argv in lines.sorted(by: { $0.joined(separator: " ") < $1.joined(separator: " ") }) {
            let result = try await RealAzureCLI.run(az, argv, in: workspace.path("azure-config"))
            #expect(result.exitCode != 2, "the real az refused: az \(argv.joined(separator: " "))\n\(result.stderr)")
        }
    }
}
