import Foundation
import Testing

import CapzFlowSim

@Suite("scripts/aks-as-mgmt.sh through the built executable", .requiresSimulatorExecutable)
struct AksAsManagementScriptTests {
    private static let environment = [
        "MGMT_CLUSTER_NAME": "aks-mgmt-1700000000", "AZURE_SUBSCRIPTION_ID": "00000000-0000-4000-8000-000000000001",
        "AZURE_TENANT_ID": "00000000-0000-4000-8000-000000000002", "AZURE_CLIENT_ID": "00000000-0000-4000-8000-000000000003",
        "AZURE_LOCATION": "westus2", "REGISTRY": "docker.io/capzdev", "CAPZFLOW_STEP": "aks-create", "CAPZFLOW_ATTEMPT": "1",
    ]

    private func loggedInWorld(_ folder: TemporaryFolder) throws -> SimulatedWorld {
        let world = try SimulatedWorld.prepare(
            folder: folder.path + "/world", options: SimulationOptions(speed: 20), toolPath: SimExecutable.path)
        let login = try SimExecutable.run(["az", "login", "--use-device-code"], world: world, environment: Self.environment)
        #expect(login.status == 0, "\(login.stderr)")
        return world
    }

    @Test("make aks-create creates exactly one group, VNet and AKS cluster and writes tilt-settings.yaml, and a second run creates nothing more")
    func createsOnceAndWritesSettings() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let world = try loggedInWorld(folder)

        for _ in 1...2 {
            let make = try SimExecutable.run(
                ["make", "aks-create", "APISERVER_LB_DNS_SUFFIX=abc123xyz0"], world: world, environment: Self.environment)
            #expect(make.status == 0, "\(make.stdout)\n\(make.stderr)")
        }

        let inventory = try world.inventory()
        #expect(inventory.resourceGroups.sorted() == ["aks-mgmt-1700000000", "aks-mgmt-1700000000-nodes"])
        #expect(inventory.aksClusters == ["aks-mgmt-1700000000/aks-mgmt-1700000000"])
        let vnets = try SimExecutable.run(
            ["az", "network", "vnet", "list", "--query", "[].name", "--output", "tsv"], world: world, environment: Self.environment)
        #expect(vnets.stdout == "aks-mgmt-1700000000-vnet\n")

        let settings = try String(contentsOfFile: world.checkout + "/tilt-settings.yaml", encoding: .utf8)
        #expect(settings.contains("aks_as_mgmt_settings:"))
        #expect(settings.contains("MGMT_CLUSTER_NAME: aks-mgmt-1700000000"))
        #expect(settings.contains("APISERVER_LB_DNS_SUFFIX: abc123xyz0"))
        #expect(settings.contains("CONTROL_PLANE_MACHINE_COUNT: \"3\""))
        #expect(settings.contains("- aks-mgmt-1700000000"))
        #expect(settings.components(separatedBy: "- kind-capz").count == 2, "\(settings)")
        #expect(FileManager.default.fileExists(atPath: world.checkout + "/aks-mgmt.config"))
        let context = try SimExecutable.run(["kubectl", "config", "current-context"], world: world)
        #expect(context.stdout == "aks-mgmt-1700000000\n")

        let creates = try world.calls().filter { $0.tool == "az" && $0.argv.starts(with: ["aks", "create"]) }
        #expect(creates.count == 1)
        let order = try world.calls().filter { $0.tool == "az" }.map { $0.argv.prefix(2).joined(separator: " ") }
        let firstRun = Array(order.drop { $0 != "group exists" }.prefix(11))
        #expect(firstRun == [
            "group exists", "group create", "network vnet", "aks show", "aks create", "aks get-credentials",
            "aks get-credentials", "aks show", "aks show", "aks show", "identity show",
        ])
        #expect(try world.calls().contains { $0.tool == "az" && $0.argv.starts(with: ["role", "assignment", "create"]) && $0.exit == 0 })
    }
}
