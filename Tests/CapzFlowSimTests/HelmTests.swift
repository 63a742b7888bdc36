import Foundation
import Testing

@testable import CapzFlowSim

@Suite("helm against a workload cluster")
struct HelmTests {
    @Test("installing a release name twice fails; list -A -o json shows the releases")
    func installOnce() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.advance(.seconds(300))
        let kubeconfig = sim.saveWorkloadKubeconfig()
        #expect(sim.call("helm", ["--kubeconfig", kubeconfig, "list", "-A", "-o", "json"]).stdout == "[]\n")
        sim.installAddons(kubeconfig: kubeconfig)
        let again = sim.call("helm", ["--kubeconfig", kubeconfig, "install", "--repo", "https://docs.tigera.io/calico/charts", "--version", "v3.29.4", "calico", "tigera-operator", "-f", "./templates/addons/calico/values.yaml", "--namespace", "tigera-operator", "--create-namespace"])
        #expect(again.exitCode == 1)
        #expect(again.stderr == "Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n")
        let list = try JSONParser.parse(sim.call("helm", ["--kubeconfig", kubeconfig, "list", "-A", "-o", "json"]).stdout)
        let names = list.arrayValue?.compactMap { $0["name"].stringValue } ?? []
        #expect(names.count == 2 && names.contains("calico") && names.contains { $0.hasPrefix("cloud-provider-azure-") })
        #expect(list.arrayValue?.first { $0["name"] == "calico" }?["chart"] == "tigera-operator-v3.29.4")
    }

    @Test("helm cannot reach a workload cluster whose API server is not up yet, nor read a missing values file")
    func unreachable() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.advance(.seconds(50))
        let kubeconfig = sim.checkout + "/early.kubeconfig"
        let cluster = try #require(sim.world.workloadClusters.first)
        try Data(Kubeconfig.workloadCluster(cluster).utf8).write(to: URL(fileURLWithPath: kubeconfig))
        let install = sim.call("helm", ["--kubeconfig", kubeconfig, "install", "--repo", "https://docs.tigera.io/calico/charts", "calico", "tigera-operator", "--namespace", "tigera-operator", "--create-namespace"])
        #expect(install.exitCode == 1)
        #expect(install.stderr.hasPrefix("Error: INSTALLATION FAILED: Kubernetes cluster unreachable: "))
        let values = sim.call("helm", ["install", "x", "tigera-operator", "-f", "missing.yaml"])
        #expect(values.stderr == "Error: INSTALLATION FAILED: open missing.yaml: no such file or directory\n")
    }
}
