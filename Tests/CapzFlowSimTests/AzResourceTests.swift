import Foundation
import Testing

@testable import CapzFlowSim

@Suite("az answers from the world like Azure")
struct AzResourceTests {
    private func loggedIn() throws -> SimHarness {
        var sim = try SimHarness()
        sim.run("az login")
        sim.run("az group create --name rg --location westus2 --output none")
        return sim
    }

    @Test("a missing resource exits 3 with ResourceNotFound, a missing group with ResourceGroupNotFound")
    func missingResources() throws {
        var sim = try loggedIn()
        defer { sim.folder.remove() }
        let vnet = sim.run("az network vnet show --resource-group rg --name nope --query id --output tsv")
        #expect(vnet.exitCode == 3)
        #expect(vnet.stderr.hasPrefix("ERROR: (ResourceNotFound) The Resource 'Microsoft.Network/virtualNetworks/nope' under resource group 'rg' was not found."))
        #expect(vnet.stderr.contains("\nCode: ResourceNotFound\nMessage: "))
        let aks = sim.run("az aks show --name n --resource-group missing")
        #expect(aks.exitCode == 3)
        #expect(aks.stderr.contains("(ResourceGroupNotFound) Resource group 'missing' could not be found."))
        let rule = sim.run("az network nsg rule show --resource-group rg --nsg-name nope --name NRMS-Rule-101 --output none")
        #expect(rule.exitCode == 3)
        #expect(sim.run("az group exists --name missing --output tsv").stdout == "false\n")
    }

    @Test("creating a private DNS zone that exists fails with PreconditionFailed; links and peerings are updates")
    func createTwice() throws {
        var sim = try loggedIn()
        defer { sim.folder.remove() }
        sim.run("az network vnet create --resource-group rg --name a --address-prefixes 20.0.0.0/16 --output none")
        sim.run("az network vnet create --resource-group rg --name b --address-prefixes 30.0.0.0/8 --output none")
        let zone = "x.westus2.cloudapp.azure.com"
        #expect(sim.run("az network private-dns zone create --resource-group rg --name \(zone) --output none").exitCode == 0)
        let again = sim.run("az network private-dns zone create --resource-group rg --name \(zone) --output none")
        #expect(again.exitCode == 1)
        #expect(again.stderr.contains("(PreconditionFailed) The Zone \(zone) exists already and hence cannot be created again."))
        for _ in 1...2 {
            #expect(sim.run("az network private-dns link vnet create --resource-group rg --zone-name \(zone) --name l --virtual-network a --registration-enabled false --output none").exitCode == 0)
            #expect(sim.run("az network vnet peering create --name p --resource-group rg --vnet-name a --remote-vnet b --allow-vnet-access true --output none").exitCode == 0)
        }
        #expect(sim.world.privateZones[0].links.count == 1)
        #expect(sim.world.virtualNetworks[0].peerings.count == 1)
    }

    @Test("a peering is Initiated until the other side peers back, then Connected on both sides")
    func peeringStates() throws {
        var sim = try loggedIn()
        defer { sim.folder.remove() }
        sim.run("az network vnet create --resource-group rg --name a --address-prefixes 20.0.0.0/16 --output none")
        sim.run("az network vnet create --resource-group rg --name b --address-prefixes 30.0.0.0/8 --output none")
        sim.run("az network vnet peering create --name a-to-b --resource-group rg --vnet-name a --remote-vnet b --output none")
        #expect(sim.run("az network vnet peering show --name a-to-b --resource-group rg --vnet-name a --query peeringState --output tsv").stdout == "Initiated\n")
        sim.run("az network vnet peering create --name b-to-a --resource-group rg --vnet-name b --remote-vnet a --output none")
        let states = sim.run("az network vnet peering list --resource-group rg --vnet-name a --query [].{name:name,state:peeringState} --output json")
        #expect(states.stdout == "[\n  {\n    \"name\": \"a-to-b\",\n    \"state\": \"Connected\"\n  }\n]\n")
    }

    @Test("peering VNets whose address spaces overlap fails as Azure does")
    func overlappingPeering() throws {
        var sim = try loggedIn()
        defer { sim.folder.remove() }
        sim.run("az network vnet create --resource-group rg --name a --address-prefixes 10.0.0.0/16 --output none")
        sim.run("az network vnet create --resource-group rg --name b --address-prefixes 10.0.0.0/8 --output none")
        let result = sim.run("az network vnet peering create --name p --resource-group rg --vnet-name a --remote-vnet b --output none")
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("VnetAddressSpacesOverlap"))
    }

    @Test("az wait --created returns 0 at its timeout even when the resource never came (CLI 2.91.0), without waiting longer")
    func waitReturnsZeroAtTimeout() throws {
        var sim = try loggedIn()
        defer { sim.folder.remove() }
        let started = sim.now
        let result = sim.run("az network vnet wait --resource-group rg --name never --created --timeout 180")
        #expect(result.exitCode == 0)
        #expect(result.stdout.isEmpty && result.stderr.isEmpty)
        #expect(sim.now.timeIntervalSince(started) == 180)
    }

    @Test("an identical role assignment is returned, not refused (the CLI is idempotent about RoleAssignmentExists)")
    func roleAssignmentTwice() throws {
        var sim = try loggedIn()
        defer { sim.folder.remove() }
        let line = "az role assignment create --assignee-object-id 11111111-0000-4000-8000-000000000000 --role Contributor --scope /subscriptions/\(SimHarness.subscription) --assignee-principal-type ServicePrincipal --output none --only-show-errors"
        #expect(sim.run(line).exitCode == 0)
        #expect(sim.run(line).exitCode == 0)
        #expect(sim.world.roleAssignments.count == 1)
    }
}
