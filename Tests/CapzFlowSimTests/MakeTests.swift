import Foundation
import Testing

@testable import CapzFlowSim

@Suite("make in the simulated checkout")
struct MakeTests {
    @Test("aks-create runs the script with a 10-character suffix exported, or the one given on the command line")
    func aksCreate() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        let generated = sim.run("make aks-create")
        guard case .spawn(let child)? = generated.next else {
            Issue.record("make aks-create did not run its recipe")
            return
        }
        #expect(generated.stdout == "bash ./scripts/aks-as-mgmt.sh\n")
        #expect(child.argv == ["bash", "./scripts/aks-as-mgmt.sh"])
        #expect(child.workingDirectory == sim.checkout)
        let suffix = try #require(child.environment["APISERVER_LB_DNS_SUFFIX"])
        #expect(suffix.count == 10 && suffix.allSatisfy { $0.isLowercase || $0.isNumber })
        #expect(child.environment["AZURE_IDENTITY_ID_FILEPATH"] == sim.checkout + "/azure_identity_id")

        let pinned = sim.run("make aks-create APISERVER_LB_DNS_SUFFIX=abc123xyz0", environment: ["APISERVER_LB_DNS_SUFFIX": "ignored"])
        guard case .spawn(let pinnedChild)? = pinned.next else { return }
        #expect(pinnedChild.environment["APISERVER_LB_DNS_SUFFIX"] == "abc123xyz0")
    }

    @Test("tilt-up runs tilt up with EXP_APISERVER_ILB and the other feature flags")
    func tiltUp() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        let result = sim.call("make", ["-C", sim.checkout, "tilt-up"], directory: sim.folder.path)
        guard case .spawn(let child)? = result.next else {
            Issue.record("make tilt-up did not run tilt")
            return
        }
        #expect(result.stdout.hasPrefix("make: Entering directory '\(sim.checkout)'\n"))
        #expect(child.argv == ["tilt", "up"])
        for flag in ["EXP_APISERVER_ILB", "CLUSTER_TOPOLOGY", "EXP_ASO_API", "EXP_CLUSTER_RESOURCE_SET", "EXP_MACHINE_POOL",
                     "EXP_KUBEADM_BOOTSTRAP_FORMAT_IGNITION", "EXP_EDGEZONE"] {
            #expect(child.environment[flag] == "true", "\(flag)")
        }
    }

    @Test("a failing recipe is make's Error line with exit 2; an unknown target stops make")
    func failures() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        var invocation = ToolInvocation(tool: "make", arguments: ["aks-create"], environment: [:], workingDirectory: sim.checkout)
        invocation.round = 1
        invocation.childExitCode = 1
        invocation.carry = "0|abc123xyz0"
        let failed = SimulatedTool.run(invocation, world: &sim.world, now: sim.now)
        #expect(failed.exitCode == 2)
        #expect(failed.stderr.hasPrefix("make: *** [Makefile:") && failed.stderr.hasSuffix(": aks-create] Error 1\n"))
        let unknown = sim.run("make kind-create")
        #expect(unknown.exitCode == 2 && unknown.stderr == "make: *** No rule to make target 'kind-create'.  Stop.\n")
        let nowhere = sim.call("make", ["aks-create"], directory: sim.folder.path)
        #expect(nowhere.exitCode == 2 && nowhere.stderr == "make: *** No rule to make target 'aks-create'.  Stop.\n")
    }

    @Test("acr-login runs the login script, which logs in only to an Azure Container Registry")
    func acrLogin() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        guard case .spawn(let child)? = sim.run("make acr-login").next else {
            Issue.record("make acr-login did not run its script")
            return
        }
        #expect(child.argv == ["bash", "./hack/ensure-acr-login.sh"])
        #expect(CapzCheckout.acrLoginScript.contains("az acr login --name \"${REGISTRY%%.*}\""))
    }
}
