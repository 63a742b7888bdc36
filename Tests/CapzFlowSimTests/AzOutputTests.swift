import Foundation
import Testing

@testable import CapzFlowSim

@Suite("az shapes answers with --query and --output like knack")
struct AzOutputTests {
    /// A world with a management cluster whose NRMS rules exist and are open.
    private func readyWorld() throws -> SimHarness {
        var sim = try SimHarness()
        sim.bringUpManagement()
        sim.advance(.seconds(240))
        return sim
    }

    private var nodeGroup: String { "\(SimHarness.management)-nodes" }

    @Test("scalar queries print one line in TSV: id, provisioningState, registrationState, oidcIssuerProfile.issuerUrl")
    func scalarQueries() throws {
        var sim = try readyWorld()
        defer { sim.folder.remove() }
        let management = SimHarness.management
        #expect(sim.run("az network vnet show --resource-group \(management) --name \(management)-vnet --query id --output tsv").stdout
            == "/subscriptions/\(SimHarness.subscription)/resourceGroups/\(management)/providers/Microsoft.Network/virtualNetworks/\(management)-vnet\n")
        #expect(sim.run("az aks show --name \(management) --resource-group \(management) --query provisioningState --output tsv").stdout == "Succeeded\n")
        #expect(sim.run("az provider show --namespace Microsoft.ContainerService --query registrationState --output tsv").stdout == "Registered\n")
        let issuer = sim.run("az aks show -n \(management) -g \(management) --query oidcIssuerProfile.issuerUrl -o tsv --only-show-errors")
        #expect(issuer.exitCode == 0 && issuer.stdout.isEmpty)
    }

    @Test("list queries print one item per line, and an empty list prints nothing with exit 0")
    func listQueries() throws {
        var sim = try readyWorld()
        defer { sim.folder.remove() }
        let nsg = sim.run("az network nsg list --resource-group \(nodeGroup) --query [].name --output tsv")
        #expect(nsg.stdout.hasPrefix("aks-agentpool-") && nsg.stdout.hasSuffix("-nsg\n"))
        let name = nsg.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let rule = sim.run("az network nsg rule list --resource-group \(nodeGroup) --nsg-name \(name) --query \"[?starts_with(name, 'NRMS-Rule-101')].name\" --output tsv")
        #expect(rule.stdout == "NRMS-Rule-101\n")
        let none = sim.run("az network nsg rule list --resource-group \(nodeGroup) --nsg-name \(name) --query \"[?starts_with(name, 'NRMS-Rule-999')].name\" --output tsv")
        #expect(none.exitCode == 0 && none.stdout.isEmpty)
        #expect(sim.run("az network nsg rule list --resource-group \(nodeGroup) --nsg-name \(name) --query \"[?starts_with(name, 'NRMS-Rule-999')].name\" --output json").stdout == "[]\n")
    }

    @Test("a hash query prints sorted keys in JSON and the query's order in TSV; nulls print as null and None")
    func hashQueries() throws {
        var sim = try readyWorld()
        defer { sim.folder.remove() }
        let name = sim.run("az network nsg list --resource-group \(nodeGroup) --query [].name --output tsv").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let query = "{access:access,priority:priority,protocol:protocol,port:destinationPortRange,ports:destinationPortRanges}"
        let json = sim.run("az network nsg rule show --resource-group \(nodeGroup) --nsg-name \(name) --name NRMS-Rule-101 --query \"\(query)\" --output json")
        #expect(json.stdout == """
            {
              "access": "Deny",
              "port": null,
              "ports": [
                "22",
                "443",
                "3389",
                "5985",
                "5986",
                "6443"
              ],
              "priority": 101,
              "protocol": "Tcp"
            }

            """)
        let tsv = sim.run("az network nsg rule show --resource-group \(nodeGroup) --nsg-name \(name) --name NRMS-Rule-101 --query \"\(query)\" --output tsv")
        #expect(tsv.stdout == "Deny\t101\tTcp\tNone\t6\n")
        let account = sim.run("az account show --query \"{id:id,tenantId:tenantId,user:user.name}\" --output json")
        #expect(account.stdout == "{\n  \"id\": \"\(SimHarness.subscription)\",\n  \"tenantId\": \"00000000-0000-4000-8000-000000000002\",\n  \"user\": \"developer@contoso.com\"\n}\n")
    }

    @Test("network JSON is flattened (no properties level) and indented by two like az")
    func flattenedJSON() throws {
        var sim = try readyWorld()
        defer { sim.folder.remove() }
        let management = SimHarness.management
        let json = sim.run("az network vnet show --resource-group \(management) --name \(management)-vnet --output json").stdout
        let value = try JSONParser.parse(json)
        #expect(value["provisioningState"] == "Succeeded")
        #expect(value["properties"] == .null)
        #expect(value["addressSpace"]["addressPrefixes"] == ["20.255.0.0/16"])
        #expect(json.hasPrefix("{\n  \"addressSpace\": {\n    \"addressPrefixes\": [\n      \"20.255.0.0/16\"\n"))
        #expect(sim.run("az network vnet show --resource-group \(management) --name \(management)-vnet --output none").stdout.isEmpty)
        let table = sim.run("az group list --output table").stdout
        #expect(table.hasPrefix("Location  ManagedBy") || table.contains("Name"), "\(table)")
    }

    @Test("AZ_CORE_OUTPUT sets the default output format")
    func defaultOutputFromEnvironment() throws {
        var sim = try readyWorld()
        defer { sim.folder.remove() }
        let result = sim.run("az group exists --name \(SimHarness.management)", environment: ["AZ_CORE_OUTPUT": "tsv"])
        #expect(result.stdout == "true\n")
        #expect(sim.run("az provider show --namespace Microsoft.Network --query registrationState", environment: ["AZ_CORE_OUTPUT": "tsv"]).stdout == "Registered\n")
        #expect(sim.run("az provider show --namespace Microsoft.Network --query registrationState").stdout == "\"Registered\"\n")
    }

    @Test("the LB and DNS answers verify-ilb reads come in their documented shapes")
    func loadBalancerAndRecordShapes() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.advance(.seconds(300))
        sim.wireNetwork()
        let cluster = SimHarness.cluster
        #expect(sim.run("az network lb list --resource-group \(cluster) --query [].name --output tsv").stdout
            == "\(cluster)-public-lb\n\(cluster)-public-lb-internal\n")
        let lb = try JSONParser.parse(sim.run("az network lb show --resource-group \(cluster) --name \(cluster)-public-lb-internal --output json").stdout)
        #expect(lb["frontendIPConfigurations"].arrayValue?.first?["name"] == .string("\(cluster)-internal-lb-private-ip"))
        #expect(lb["backendAddressPools"].arrayValue?.first?["name"] == .string("\(cluster)-public-lb-backendPool-internal"))
        #expect(lb["loadBalancingRules"].arrayValue?.first?["name"] == "LBRuleHTTPS")
        #expect(lb["loadBalancingRules"].arrayValue?.first?["frontendPort"] == 6443)
        #expect(lb["probes"].arrayValue?.first?["requestPath"] == "/readyz")
        #expect(sim.run("az network lb address-pool list --resource-group \(cluster) --lb-name \(cluster)-public-lb-internal --query [].name --output tsv").stdout
            == "\(cluster)-public-lb-backendPool-internal\n")
        #expect(sim.run("az network private-dns record-set a show --resource-group \(cluster) --zone-name \(SimHarness.zone) --name @ --query aRecords[].ipv4Address --output tsv").stdout
            == "30.0.11.100\n")
        let links = sim.run("az network private-dns link vnet list --resource-group \(cluster) --zone-name \(SimHarness.zone) --query \"[].{name:name,state:virtualNetworkLinkState,prov:provisioningState}\" --output tsv")
        #expect(links.stdout == "\(cluster)-to-mgmt\tCompleted\tSucceeded\nmgmt-to-\(cluster)\tCompleted\tSucceeded\n")
    }
}
