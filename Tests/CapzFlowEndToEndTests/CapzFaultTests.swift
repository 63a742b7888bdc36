#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapzFlowSim
import Foundation
import Testing

/// The flagship workflow under each fault of the simulated world (`--sim-faults`): every run
/// either recovers the way the workflow means to, leaving one of everything, or fails with the
/// message that tells the user what to change.
@Suite("the CAPZ workflow under simulated faults")
struct CapzFaultTests {
    let workspace: Workspace
    let rehearsal: CapzRehearsal

    init() throws {
        workspace = try Workspace()
        rehearsal = CapzRehearsal(workspace: workspace)
    }

    /// Runs the flagship under `faults`, expects success and one of everything, and returns
    /// the run's events and transcript for the fault's own checks.
    private func recovers(_ runId: String, _ faults: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (events: [EventLine], calls: [SimCall]) {
        let run = try await rehearsal.run(runId, faults: faults)
        expectExit(0, run, sourceLocation: sourceLocation)
        try rehearsal.expectOneOfEverything(runId, sourceLocation: sourceLocation)
        let events = try await workspace.events(runId)
        try await rehearsal.stopServices(runId)
        return (events, try rehearsal.world(runId).calls())
    }

    @Test("aks-create-timeout: make aks-create runs again, finds the cluster it created, and makes no second one")
    func aksCreateTimeout() async throws {
        let (events, calls) = try await recovers("f-aks", "aks-create-timeout")

        #expect(events.of("step.started", step: "aks-create").count == 2)
        #expect(try await rehearsal.logs("f-aks", "aks-create").contains("OperationTimedOut"))
        #expect(calls.filter { $0.tool == "make" && $0.argv.first == "aks-create" }.count == 2)
    }

    @Test("nsg-delay: wait-for-nsg polls until the NSGs and their NRMS rules exist, then allow-ports opens them")
    func nsgDelay() async throws {
        let (_, calls) = try await recovers("f-nsg", "nsg-delay=1h")

        #expect(try await rehearsal.logs("f-nsg", "wait-for-nsg").contains("no NSG in"), "the poll saw the NSGs missing first")
        let updates = calls.filter { $0.tool == "az" && $0.argv.starts(with: ["network", "nsg", "rule", "update"]) }
        #expect(updates.count == 4, "two rules in each of the two NSGs, once: \(updates.map(\.argv))")
    }

    @Test("rule-revert: allow-ports sees the policy put a rule back, applies it again, and the rules end allowed")
    func ruleRevert() async throws {
        _ = try await recovers("f-revert", "rule-revert=1")

        let report = try await workspace.status("f-revert")
        #expect(report.step("allow-ports")?.attempts == 2)
        #expect(try await rehearsal.logs("f-revert", "allow-ports").contains("a policy reverted it"))
        let nsgs = try #require(report.outputs?["NSGS"]).split(separator: " ")
        #expect(nsgs.count == 2)
        for entry in nsgs {
            let parts = entry.split(separator: "/").map(String.init)
            for rule in ["NRMS-Rule-101", "NRMS-Rule-103"] {
                let access = try await workspace.capzflow(
                    "sim", "exec", "f-revert", "--state", workspace.statePath, "--", "az", "network", "nsg", "rule", "show",
                    "--resource-group", parts[0], "--nsg-name", parts[1], "--name", rule, "--query", "access", "--output", "tsv",
                    withState: false)
                #expect(access.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "Allow", "\(entry) \(rule): \(access)")
            }
        }
    }

    @Test("tilt-crash: the runner sees Tilt die, starts it again, and the run goes on")
    func tiltCrash() async throws {
        let (events, _) = try await recovers("f-tilt", "tilt-crash")

        #expect(Self.tiltStartedAgain(events), "\(events.types)")
        let starts = events.of("service.started", step: "tilt-up")
        #expect(starts.count == 2)
        #expect(starts.first?.pid != starts.last?.pid)
    }

    /// Tilt died and a second one was started: found dead after it was ready (`step.reset` by
    /// capzflow) or, on a loaded machine where it dies sooner, while its readiness was polled
    /// (a failed attempt, retried).
    static func tiltStartedAgain(_ events: [EventLine]) -> Bool {
        let reset = events.of("step.reset", step: "tilt-up").contains { $0.by == "capzflow" && $0.reason?.contains("no longer running") == true }
        let failedBeforeReady = events.of("step.failed", step: "tilt-up").contains { $0.reason?.contains("exited before it was ready") == true }
        return (reset || failedBeforeReady) && events.of("service.started", step: "tilt-up").count == 2
    }

    @Test("vnet-delay: peer-vnets does not trust az's wait, finds the VNet missing, and peers once it exists")
    func vnetDelay() async throws {
        let (events, _) = try await recovers("f-vnet", "vnet-delay=1h")

        #expect(events.of("step.started", step: "peer-vnets").count >= 2)
        #expect(try await rehearsal.logs("f-vnet", "peer-vnets").contains("ResourceNotFound"))
    }

    @Test("throttle: HTTP 429 answers are retried with backoff")
    func throttle() async throws {
        let (events, _) = try await recovers("f-429", "throttle=2")

        #expect(events.of("step.retry_scheduled").count >= 1)
        #expect(try await rehearsal.logs("f-429", "providers").contains("429 Too Many Requests"))
    }

    @Test("dns-zone-exists: the leftover private DNS zone is reused, not created again")
    func dnsZoneExists() async throws {
        let (_, calls) = try await recovers("f-dns", "dns-zone-exists")

        #expect(try await rehearsal.logs("f-dns", "private-dns").contains("already exists: reusing it"))
        #expect(!calls.contains { $0.tool == "az" && $0.argv.starts(with: ["network", "private-dns", "zone", "create"]) })
    }

    @Test("ilb-delay: the add-ons wait for the workload API server behind the late ILB")
    func ilbDelay() async throws {
        _ = try await recovers("f-ilb", "ilb-delay=1h")

        #expect(try await rehearsal.logs("f-ilb", "addons").contains("waiting for the workload API server"))
    }

    @Test("login-expired: the expired session is noticed and login runs again")
    func loginExpired() async throws {
        let (events, calls) = try await recovers("f-login", "login-expired")

        #expect(events.of("step.started", step: "login").count == 2)
        #expect(try await rehearsal.logs("f-login", "login").contains("AADSTS700082"))
        #expect(calls.filter { $0.tool == "az" && $0.argv.first == "login" }.count == 2)
    }

    @Test("single-control-plane: verify-ilb fails at once, naming CONTROL_PLANE_MACHINE_COUNT=3")
    func singleControlPlane() async throws {
        let run = try await rehearsal.run("f-cp", faults: "single-control-plane")

        expectExit(1, run)
        let report = try await workspace.status("f-cp")
        #expect(report.step("verify-ilb")?.status == "failed")
        #expect(report.step("verify-ilb")?.attempts == 1, "a hopeless control plane is not polled again")
        let verify = try await rehearsal.logs("f-cp", "verify-ilb")
        #expect(verify.contains("hairpin") && verify.contains("CONTROL_PLANE_MACHINE_COUNT=3"), "\(verify)")
        #expect(run.output.contains("verify-ilb"), "\(run)")
        try await rehearsal.stopServices("f-cp")
    }

    @Test("every fault but single-control-plane at once: the run still succeeds with one of everything")
    func everyFaultAtOnce() async throws {
        let faults = "aks-create-timeout,nsg-delay=1h,rule-revert=1,tilt-crash,vnet-delay=1h,throttle=3,dns-zone-exists,ilb-delay=1h,login-expired"
        let (events, calls) = try await recovers("f-all", faults)

        for step in ["login", "aks-create", "allow-ports"] {
            #expect(events.of("step.started", step: step).count >= 2, "\(step) recovered by running again")
        }
        #expect(Self.tiltStartedAgain(events), "Tilt was started again: \(events.types)")
        #expect(!calls.contains { $0.tool == "az" && $0.argv.starts(with: ["network", "private-dns", "zone", "create"]) })
    }
}
