import Foundation
import Testing

@testable import CapzFlowSim

@Suite("The happy path through the library")
struct HappyPathTests {
    @Test("an apiserver-ilb cluster comes up behind its internal load balancer with every check of verify-ilb passing")
    func apiserverILBComesUp() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        let cluster = SimHarness.cluster
        sim.bringUpThroughDeploy()
        sim.allowPorts()
        sim.advance(.seconds(120))
        sim.wireNetwork()
        sim.advance(.seconds(120))
        let kubeconfig = sim.saveWorkloadKubeconfig()
        #expect(sim.call("kubectl", ["--kubeconfig=\(kubeconfig)", "get", "nodes"]).exitCode == 0)
        sim.installAddons(kubeconfig: kubeconfig)
        sim.advance(.seconds(300))

        let ip = sim.run("az network lb show --resource-group \(cluster) --name \(cluster)-public-lb-internal --query 'frontendIPConfigurations[].privateIPAddress' --output tsv")
        #expect(ip.stdout == "30.0.11.100\n")
        let record = sim.run("az network private-dns record-set a show --resource-group \(cluster) --zone-name \(SimHarness.zone) --name @ --query 'aRecords[].ipv4Address' --output tsv")
        #expect(record.stdout == "30.0.11.100\n")
        let links = sim.run("az network private-dns link vnet list --resource-group \(cluster) --zone-name \(SimHarness.zone) --query '[].{name:name,state:virtualNetworkLinkState,prov:provisioningState}' --output json")
        #expect(links.stdout.components(separatedBy: "\"Completed\"").count == 3)
        let peering = sim.run("az network vnet peering show --name mgmt-to-\(cluster) --resource-group \(SimHarness.management) --vnet-name \(SimHarness.management)-vnet --query peeringState --output tsv")
        #expect(peering.stdout == "Connected\n")
        let replicas = sim.call("kubectl", ["get", "kubeadmcontrolplane", "\(cluster)-control-plane", "-o", "jsonpath={.spec.replicas} {.status.readyReplicas}"])
        #expect(replicas.stdout == "3 3")
        let nodes = sim.call("kubectl", ["--kubeconfig", kubeconfig, "get", "nodes", "--no-headers"])
        let lines = nodes.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(nodes.stdout) \(nodes.stderr)")
        #expect(lines.allSatisfy { $0.split(separator: " ", omittingEmptySubsequences: true)[1] == "Ready" }, "\(nodes.stdout)")
        let wait = sim.call("kubectl", ["wait", "--for=condition=ready", "node", "--all", "--kubeconfig=\(kubeconfig)", "--timeout=600s"])
        #expect(wait.exitCode == 0)
        #expect(wait.stdout.components(separatedBy: "condition met").count == 5)
        let inventory = sim.world.inventory
        #expect(inventory == SimInventory(
            resourceGroups: [SimHarness.management, "\(SimHarness.management)-nodes", cluster],
            aksClusters: ["\(SimHarness.management)/\(SimHarness.management)"], workloadClusters: [cluster],
            internalLoadBalancers: ["\(cluster)/\(cluster)-public-lb-internal"],
            privateDNSZones: ["\(cluster)/\(SimHarness.zone)"],
            peerings: ["\(SimHarness.management)/\(SimHarness.management)-vnet/mgmt-to-\(cluster)", "\(cluster)/\(cluster)-vnet/\(cluster)-to-mgmt"],
            securityRules: inventory.securityRules))
        // The policy's two rules in each of the two AKS NSGs, once; CAPZ's two in the workload's.
        #expect(inventory.securityRules.count == 6, "\(inventory.securityRules)")
        #expect(inventory.securityRules.filter { $0.hasSuffix("/NRMS-Rule-101") }.count == 2)
        #expect(inventory.securityRules.filter { $0.hasSuffix("/NRMS-Rule-103") }.count == 2)
        #expect(inventory.securityRules.filter { $0.hasPrefix(cluster + "/") }.count == 2)
    }
}
