import Foundation
import Testing

@testable import CapzFlowSim

/// A world in memory with its checkout on disk, and simulated tools called through the
/// library at an explicit simulated time: no processes, no sleeping.
struct SimHarness {
    /// The temporary folder (the checkout is `capz/` in it).
    let folder: TemporaryFolder
    /// The world.
    var world: World
    /// The simulated time of the next call.
    var now: Date
    /// The environment every call gets (the example env file's values).
    var environment: [String: String]
    /// Process IDs the harness treats as alive (a `tilt up` it started).
    var alive: Set<Int32> = []
    /// The `tilt up` call still running, to continue it.
    var tilt: ToolInvocation?

    /// The simulated checkout.
    var checkout: String { folder.path + "/capz" }

    /// The pinned names of the happy path.
    static let management = "aks-mgmt-1700000000"
    static let cluster = "apiserver-ilb-4242"
    static let suffix = "abc123xyz0"
    static let location = "westus2"
    static let subscription = "00000000-0000-4000-8000-000000000001"
    static var zone: String { "\(cluster)-\(suffix).\(location).cloudapp.azure.com" }

    /// A fresh world with `faults`, its clock and random names fixed.
    init(faults: [SimFault] = []) throws {
        folder = try TemporaryFolder()
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        world = World(options: SimulationOptions(faults: faults), real: start, seed: 42)
        now = start
        environment = [
            "AZURE_SUBSCRIPTION_ID": Self.subscription, "AZURE_TENANT_ID": "00000000-0000-4000-8000-000000000002",
            "AZURE_CLIENT_ID": "00000000-0000-4000-8000-000000000003", "AZURE_LOCATION": Self.location,
            "REGISTRY": "docker.io/capzdev", "HOME": folder.path,
        ]
        try CapzCheckout.create(at: checkout, toolPath: folder.path + "/capzflow-sim")
    }

    /// Moves simulated time on by `duration` and lets the world catch up.
    mutating func advance(_ duration: Duration) {
        now = now + duration
        world.advance(to: now)
    }

    /// Calls `tool` with `arguments` (all its rounds, time moving as the tool asks), in `directory`
    /// (the checkout by default); the outputs of all rounds are joined.
    @discardableResult
    mutating func call(
        _ tool: String, _ arguments: [String], stdin: String = "", environment extra: [String: String] = [:],
        directory: String? = nil, pid: Int32 = 4242, maxRounds: Int = 10_000
    ) -> ToolResult {
        let alive = self.alive
        var invocation = ToolInvocation(
            tool: tool, arguments: arguments, environment: environment.merging(extra) { $1 },
            workingDirectory: directory ?? checkout, readStandardInput: { stdin }, processID: pid,
            isProcessAlive: { alive.contains($0) })
        var combined = ToolResult()
        for _ in 0..<maxRounds {
            if invocation.startedAt == nil { invocation.startedAt = now }
            let result = SimulatedTool.run(invocation, world: &world, now: now)
            combined.stdout += result.stdout
            combined.stderr += result.stderr
            guard case .again(let interval)? = result.next else {
                combined.exitCode = result.exitCode
                combined.next = result.next
                combined.sleep = result.sleep
                if let sleep = result.sleep { advance(sleep) }
                return combined
            }
            advance(interval)
            invocation.carry = result.carry
            invocation.round += 1
        }
        combined.next = .again(after: .zero)
        return combined
    }

    /// Calls `tool` with a shell-like command line (single and double quotes group words).
    @discardableResult
    mutating func run(_ line: String, stdin: String = "", environment extra: [String: String] = [:]) -> ToolResult {
        let words = Self.split(line)
        return call(words[0], Array(words.dropFirst()), stdin: stdin, environment: extra)
    }

    /// Splits a command line into words as a shell would (quotes only, no expansion).
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// `tilt up` in the checkout for `duration` of simulated time: a new process (its first
    /// round on), or the one still running when `pid` is its pid (continued).
    @discardableResult
    mutating func tiltUp(for duration: Duration, pid: Int32 = 777, environment extra: [String: String] = [:]) -> ToolResult {
        alive.insert(pid)
        let alive = self.alive
        var invocation: ToolInvocation
        if let running = tilt, running.processID == pid {
            invocation = running
        } else {
            invocation = ToolInvocation(
                tool: "tilt", arguments: ["up"], environment: environment.merging(["EXP_APISERVER_ILB": "true"]) { $1 }.merging(extra) { $1 },
                workingDirectory: checkout, processID: pid, isProcessAlive: { alive.contains($0) })
        }
        invocation.isProcessAlive = { alive.contains($0) }
        let end = now + duration
        var combined = ToolResult()
        while true {
            if invocation.startedAt == nil { invocation.startedAt = now }
            let result = SimulatedTool.run(invocation, world: &world, now: now)
            combined.stdout += result.stdout
            combined.stderr += result.stderr
            guard case .again(let interval)? = result.next else {
                combined.exitCode = result.exitCode
                combined.next = result.next
                if tilt?.processID == pid { tilt = nil }
                self.alive.remove(pid)
                return combined
            }
            invocation.carry = result.carry
            invocation.round += 1
            guard now < end else {
                combined.next = result.next
                tilt = invocation
                return combined
            }
            advance(interval)
        }
    }

    /// Logs in, creates the management group, VNet and AKS cluster as aks-as-mgmt.sh does,
    /// merges its credentials, and lets time pass until it is ready.
    mutating func bringUpManagement() {
        let management = Self.management
        #expect(run("az login --use-device-code --tenant 00000000-0000-4000-8000-000000000002").exitCode == 0)
        #expect(run("az account set --subscription \(Self.subscription)").exitCode == 0)
        #expect(run("az group create --name \(management) --location \(Self.location) --output none --only-show-errors --tags creationTimestamp=now jobName=cluster-api-provider-azure-e2e buildProvenance=canary").exitCode == 0)
        #expect(run("az network vnet create --resource-group \(management) --name \(management)-vnet --address-prefix 20.255.0.0/16 --subnet-name \(management)-subnet --subnet-prefix 20.255.0.0/24 --output none --only-show-errors").exitCode == 0)
        let create = run(
            "az aks create --name \(management) --resource-group \(management) --location \(Self.location) --kubernetes-version v1.33.2 --node-count 2 --node-vm-size Standard_B2s --node-resource-group \(management)-nodes --vm-set-type VirtualMachineScaleSets --enable-managed-identity --generate-ssh-keys --network-plugin azure --vnet-subnet-id /subscriptions/\(Self.subscription)/resourceGroups/\(management)/providers/Microsoft.Network/virtualNetworks/\(management)-vnet/subnets/\(management)-subnet --service-cidr 20.255.254.0/24 --dns-service-ip 20.255.254.100 --max-pods 60 --tags a=b --output none --only-show-errors")
        #expect(create.exitCode == 0, "\(create.stderr)")
        #expect(run("az aks get-credentials --name \(management) --resource-group \(management) --overwrite-existing --only-show-errors").exitCode == 0)
        let settings = """
            kustomize_substitutions: {}
            allowed_contexts:
              - kind-capz
              - \(management)
            aks_as_mgmt_settings:
              AZURE_CLIENT_ID: "00000000-0000-4000-8000-000000000099"
              APISERVER_LB_DNS_SUFFIX: \(Self.suffix)

            """
        #expect(FileManager.default.createFile(atPath: checkout + "/tilt-settings.yaml", contents: Data(settings.utf8)))
    }

    /// The environment deploy-flavor must export to render a flavor template.
    static let flavorEnvironment = [
        "CLUSTER_NAME": cluster, "APISERVER_LB_DNS_SUFFIX": suffix, "AZURE_INTERNAL_LB_PRIVATE_IP": "30.0.11.100",
        "CONTROL_PLANE_MACHINE_COUNT": "3", "WORKER_MACHINE_COUNT": "1", "KUBERNETES_VERSION": "v1.33.2",
        "AZURE_CONTROL_PLANE_MACHINE_TYPE": "Standard_D2s_v3", "AZURE_NODE_MACHINE_TYPE": "Standard_D2s_v3",
        "CLUSTER_IDENTITY_NAME": "cluster-identity-ci", "AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY": "00000000-0000-4000-8000-000000000099",
    ]

    /// The flavor template rendered with `environment` (through the simulated envsubst).
    mutating func renderedFlavor(_ flavor: String = "apiserver-ilb", environment extra: [String: String] = flavorEnvironment) -> String {
        let template = (try? String(contentsOfFile: checkout + "/templates/cluster-template-\(flavor).yaml", encoding: .utf8)) ?? ""
        return call("envsubst", [], stdin: template, environment: extra).stdout
    }

    /// Everything up to a workload cluster being applied: management, Tilt loaded, ports opened.
    mutating func bringUpThroughDeploy(flavor: String = "apiserver-ilb", environment extra: [String: String] = flavorEnvironment) {
        bringUpManagement()
        tiltUp(for: .seconds(200))
        advance(.seconds(200))
        let apply = call("kubectl", ["apply", "-f", "-"], stdin: renderedFlavor(flavor, environment: extra))
        #expect(apply.exitCode == 0, "\(apply.stderr)")
    }

    /// Peers the VNets, creates the private zone with both links and its record, as the workflow does.
    mutating func wireNetwork(cluster: String = cluster, address: String = "30.0.11.100") {
        let management = Self.management
        let zone = "\(cluster)-\(Self.suffix).\(Self.location).cloudapp.azure.com"
        let mgmtID = run("az network vnet show --resource-group \(management) --name \(management)-vnet --query id --output tsv").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        run("az network vnet wait --resource-group \(cluster) --name \(cluster)-vnet --created --timeout 600")
        let workloadID = run("az network vnet show --resource-group \(cluster) --name \(cluster)-vnet --query id --output tsv").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(run("az network vnet peering create --name mgmt-to-\(cluster) --resource-group \(management) --vnet-name \(management)-vnet --remote-vnet \(workloadID) --allow-vnet-access true --allow-forwarded-traffic true --only-show-errors --output none").exitCode == 0)
        #expect(run("az network vnet peering create --name \(cluster)-to-mgmt --resource-group \(cluster) --vnet-name \(cluster)-vnet --remote-vnet \(mgmtID) --allow-vnet-access true --allow-forwarded-traffic true --only-show-errors --output none").exitCode == 0)
        if run("az network private-dns zone show --resource-group \(cluster) --name \(zone) --output none").exitCode != 0 {
            #expect(run("az network private-dns zone create --resource-group \(cluster) --name \(zone) --only-show-errors --output none").exitCode == 0)
        }
        #expect(run("az network private-dns link vnet create --resource-group \(cluster) --zone-name \(zone) --name \(cluster)-to-mgmt --virtual-network \(workloadID) --registration-enabled false --only-show-errors --output none").exitCode == 0)
        #expect(run("az network private-dns link vnet create --resource-group \(cluster) --zone-name \(zone) --name mgmt-to-\(cluster) --virtual-network \(mgmtID) --registration-enabled false --only-show-errors --output none").exitCode == 0)
        #expect(run("az network private-dns record-set a add-record --resource-group \(cluster) --zone-name \(zone) --record-set-name @ --ipv4-address \(address) --only-show-errors --output none").exitCode == 0)
    }

    /// Opens the NRMS rules in every NSG of the management resource groups.
    mutating func allowPorts() {
        for group in ["\(Self.management)-nodes", Self.management] {
            for nsg in run("az network nsg list --resource-group \(group) --query [].name --output tsv").stdout.split(separator: "\n") {
                #expect(run("az network nsg rule update --resource-group \(group) --nsg-name \(nsg) --name NRMS-Rule-101 --access Allow --direction Inbound --protocol TCP --destination-port-ranges 443 6443 --destination-address-prefixes * --source-address-prefixes * --source-port-ranges * --only-show-errors --output none").exitCode == 0)
                #expect(run("az network nsg rule update --resource-group \(group) --nsg-name \(nsg) --name NRMS-Rule-103 --access Allow --direction Inbound --protocol UDP --destination-port-ranges 53 --destination-address-prefixes * --source-address-prefixes * --source-port-ranges * --only-show-errors --output none").exitCode == 0)
            }
        }
    }

    /// Saves the workload kubeconfig to `CLUSTER.kubeconfig` in the checkout; returns its path.
    mutating func saveWorkloadKubeconfig(cluster: String = cluster) -> String {
        let encoded = run("kubectl get secret \(cluster)-kubeconfig -o jsonpath={.data.value}").stdout
        let path = checkout + "/\(cluster).kubeconfig"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(base64Encoded: encoded) ?? Data()))
        return path
    }

    /// Installs the cloud provider and Calico into the workload cluster, as the workflow does.
    mutating func installAddons(kubeconfig: String, cluster: String = cluster) {
        #expect(call("helm", ["--kubeconfig", kubeconfig, "install", "--repo", "https://raw.githubusercontent.com/kubernetes-sigs/cloud-provider-azure/master/helm/repo", "cloud-provider-azure", "--generate-name", "--set", "infra.clusterName=\(cluster)", "--set", "cloudControllerManager.clusterCIDR=192.168.0.0/16"]).exitCode == 0)
        #expect(call("helm", ["--kubeconfig", kubeconfig, "install", "--repo", "https://docs.tigera.io/calico/charts", "--version", "v3.29.4", "calico", "tigera-operator", "-f", "./templates/addons/calico/values.yaml", "--namespace", "tigera-operator", "--create-namespace"]).exitCode == 0)
    }
}
