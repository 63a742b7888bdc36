import Foundation
import Testing

@testable import CapzFlowSim

@Suite("az parses command lines like the real CLI")
struct AzArgumentTests {
    /// A command line and what az must answer.
    struct Case: Sendable, CustomTestStringConvertible {
        let line: String
        let exitCode: Int32
        let message: String
        var testDescription: String { line }
    }

    static let refusals: [Case] = [
        Case(line: "az group exists --name rg --frobnicate", exitCode: 2, message: "ERROR: unrecognized arguments: --frobnicate"),
        Case(line: "az group exists --name rg extra", exitCode: 2, message: "unrecognized arguments: extra"),
        Case(line: "az aks show --name n", exitCode: 2, message: "ERROR: the following arguments are required: --resource-group/-g"),
        Case(line: "az aks show", exitCode: 2, message: "the following arguments are required: --resource-group/-g, --name/-n"),
        Case(line: "az network private-dns zone create -g rg", exitCode: 2, message: "the following arguments are required: -n/--name"),
        Case(line: "az network vnet peering create -g rg --vnet-name v -n p", exitCode: 2, message: "the following arguments are required: --remote-vnet"),
        Case(line: "az network vnet show --name v", exitCode: 1, message: "ERROR: InvalidArgumentValue: Missing required field: --resource-group"),
        Case(line: "az network vnet wait -g rg -n v", exitCode: 1, message: "incorrect usage: --created | --updated | --deleted | --exists | --custom JMESPATH"),
        Case(line: "az group exists --name rg --output yaml2", exitCode: 2, message: "'yaml2' is not a valid value for '--output'"),
        Case(line: "az network nsg rule update -g rg --nsg-name n -n r --access Maybe", exitCode: 2, message: "'Maybe' is not a valid value for '--access'. Allowed values: Allow, Deny."),
        Case(line: "az group exists --name rg --query [?", exitCode: 2, message: "ERROR: argument --query: invalid jmespath_type value: '[?'"),
        Case(line: "az aks shw -n a -g b", exitCode: 2, message: "'shw' is misspelled or not recognized by the system."),
        Case(line: "az group show --name", exitCode: 2, message: "argument --name/--resource-group/-g/-n: expected one argument"),
    ]

    @Test("a malformed command line is refused with the real message and exit code", arguments: refusals)
    func refusesMalformedLines(_ refusal: Case) throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.run("az login")
        let result = sim.run(refusal.line)
        #expect(result.exitCode == refusal.exitCode)
        #expect(result.stderr.contains(refusal.message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("long options may be abbreviated to a unique prefix, as argparse allows (--address-prefix, --subnet-prefix)")
    func acceptsUniquePrefixes() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.run("az login")
        sim.run("az group create --name rg --location westus2")
        let result = sim.run("az network vnet create --resource-group rg --name v --address-prefix 20.255.0.0/16 --subnet-name s --subnet-prefix 20.255.0.0/24 --output none --only-show-errors")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(sim.world.virtualNetworks.first?.addressPrefixes == ["20.255.0.0/16"])
        #expect(sim.world.virtualNetworks.first?.subnets.first?.addressPrefix == "20.255.0.0/24")
    }

    @Test("every az command but login answers 'Please run az login' with exit 1 before a login")
    func requiresLogin() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        let result = sim.run("az account show --query id --output tsv")
        #expect(result.exitCode == 1)
        #expect(result.stderr == "ERROR: Please run 'az login' to setup account.\n")
        let login = sim.run("az login --use-device-code --tenant 00000000-0000-4000-8000-000000000002")
        #expect(login.exitCode == 0)
        #expect(login.stderr.contains("https://microsoft.com/devicelogin"))
        #expect(sim.run("az account show --query id --output tsv").stdout == SimHarness.subscription + "\n")
    }

    @Test("az account set refuses a subscription the session does not have")
    func refusesUnknownSubscription() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.run("az login")
        let result = sim.run("az account set --subscription 99999999-0000-4000-8000-000000000000")
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("doesn't exist in cloud 'AzureCloud'"))
    }

    @Test("every az line of the workflow's reference parses", arguments: [
        "az group exists --name RG --output tsv",
        "az network nsg list --resource-group RG --query [].name --output tsv",
        "az network nsg rule list --resource-group RG --nsg-name NSG --query \"[?starts_with(name, 'NRMS-Rule-101')].name\" --output tsv",
        "az network vnet peering list --resource-group RG --vnet-name V --query [].name -o tsv",
        "az network private-dns link vnet list --resource-group RG --zone-name Z --query \"[].{name:name,state:virtualNetworkLinkState,prov:provisioningState}\" --output json",
        "az provider show --namespace Microsoft.Network --query registrationState --output tsv",
        "az role assignment create --assignee-object-id OID --role Contributor --scope /subscriptions/S --assignee-principal-type ServicePrincipal --output none --only-show-errors",
        "az identity federated-credential create -n capz-federated-identity --identity-name NAME -g IDRG --issuer URL --audiences api://AzureADTokenExchange --subject system:serviceaccount:capz-system:capz-manager --output none --only-show-errors",
        "az aks update --resource-group RG --name N --enable-managed-identity --assign-identity ID --assign-kubelet-identity ID --output none --only-show-errors --yes",
        "az group delete --name CTX --yes --no-wait",
        "az network vnet peering create --name P --resource-group RG --vnet-name V --remote-vnet ID --allow-vnet-access true --allow-forwarded-traffic true --no-wait --only-show-errors --output none",
    ])
    func parsesReferenceLines(_ line: String) throws {
        let words = SimHarness.split(line).dropFirst()
        let command = try #require(AzCatalog.commands.first { Array(words.prefix($0.words.count)) == $0.words })
        #expect(throws: Never.self) {
            try AzArguments.parse(Array(words.dropFirst(command.words.count)), options: command.allOptions, command: command.name)
        }
    }
}
