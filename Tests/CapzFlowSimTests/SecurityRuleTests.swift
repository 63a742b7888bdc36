import Foundation
import Testing

@testable import CapzFlowSim

@Suite("NSGs and NRMS rules follow the clock, and rule updates behave like the CLI")
struct SecurityRuleTests {
    private var nodeGroup: String { "\(SimHarness.management)-nodes" }

    @Test("the NSGs appear only after the AKS cluster is ready, and the NRMS rules a little later")
    func appearOverTime() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        let list = "az network nsg list --resource-group \(nodeGroup) --query [].name --output tsv"
        #expect(sim.run(list).stdout.isEmpty)
        #expect(sim.run("az network nsg list --resource-group \(SimHarness.management) --query [].name --output tsv").stdout.isEmpty)

        sim.advance(.seconds(121))
        let nsg = sim.run(list).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(nsg.hasPrefix("aks-agentpool-") && nsg.hasSuffix("-nsg"))
        let managementNSG = sim.run("az network nsg list --resource-group \(SimHarness.management) --query [].name --output tsv").stdout
        #expect(managementNSG == "\(SimHarness.management)-vnet-\(SimHarness.management)-subnet-nsg-westus2\n")
        let rules = "az network nsg rule list --resource-group \(nodeGroup) --nsg-name \(nsg) --query \"[?starts_with(name, 'NRMS-Rule-10')].name\" --output tsv"
        #expect(sim.run(rules).stdout.isEmpty)

        sim.advance(.seconds(60))
        #expect(sim.run(rules).stdout == "NRMS-Rule-101\nNRMS-Rule-103\n")
    }

    @Test("a rule update keeps the priority, applies access, protocol and ports, and collapses one-element lists")
    func updateKeepsPriorityAndCollapses() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.advance(.seconds(200))
        sim.allowPorts()
        let nsg = try #require(sim.world.securityGroups(in: nodeGroup).first)
        let open101 = try #require(nsg.rules.first { $0.name == "NRMS-Rule-101" })
        #expect(open101.priority == 101)
        #expect(open101.access == "Allow" && open101.protocol == "Tcp")
        #expect(open101.destinationPortRange == nil && open101.destinationPortRanges == ["443", "6443"])
        #expect(open101.sourceAddressPrefix == "*" && open101.destinationAddressPrefix == "*" && open101.sourcePortRange == "*")
        let open103 = try #require(nsg.rules.first { $0.name == "NRMS-Rule-103" })
        #expect(open103.priority == 103 && open103.protocol == "Udp")
        #expect(open103.destinationPortRange == "53" && open103.destinationPortRanges.isEmpty)

        let shown = sim.run("az network nsg rule show --resource-group \(nodeGroup) --nsg-name \(nsg.name) --name NRMS-Rule-103 --query \"{access:access,priority:priority,protocol:protocol,port:destinationPortRange,ports:destinationPortRanges}\" --output tsv")
        #expect(shown.stdout == "Allow\t103\tUdp\t53\t0\n")
    }

    @Test("an explicit --priority changes it, and an out-of-range one is refused")
    func explicitPriority() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.advance(.seconds(200))
        let nsg = try #require(sim.world.securityGroups(in: nodeGroup).first)
        #expect(sim.run("az network nsg rule update -g \(nodeGroup) --nsg-name \(nsg.name) -n NRMS-Rule-101 --priority 120 --output none").exitCode == 0)
        #expect(sim.world.securityGroups(in: nodeGroup).first?.rules.first?.priority == 120)
        #expect(sim.run("az network nsg rule update -g \(nodeGroup) --nsg-name \(nsg.name) -n NRMS-Rule-101 --priority 99 --output none").exitCode == 1)
    }

    @Test("the CLI's update semantics collapse and expand singular and plural fields", arguments: [
        (["443"], "443", [String]()), (["443", "6443"], nil, ["443", "6443"]),
    ] as [([String], String?, [String])])
    func collapse(_ ports: [String], _ single: String?, _ plural: [String]) {
        var update = SecurityRuleUpdate()
        update.destinationPortRanges = ports
        let rule = update.applied(to: SecurityRule(
            name: "r", priority: 200, access: "Deny", direction: "Inbound", protocol: "Tcp", destinationPortRange: "22"))
        #expect(rule.destinationPortRange == single)
        #expect(rule.destinationPortRanges == plural)
        #expect(rule.priority == 200)
    }
}
