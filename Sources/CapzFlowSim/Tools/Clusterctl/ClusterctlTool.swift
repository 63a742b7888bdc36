import Foundation

/// The simulated clusterctl: `get kubeconfig`, `describe cluster` and `version`, reading the
/// management cluster of the current context (or `--kubeconfig`).
enum ClusterctlTool {
    private static let flags: [CommandFlags.Spec] = [
        .value("--kubeconfig"), .value("--kubeconfig-context"), .value("--namespace", "-n"), .bool("--show-conditions"),
        .bool("--echo"), .bool("--disable-grouping"), .value("--output", "-o"), .value("--v", "-v"),
    ]

    /// Answers one call.
    static func run(_ invocation: ToolInvocation, world: World) -> ToolResult {
        let parsed: CommandFlags
        switch CommandFlags.parse(invocation.arguments, specs: flags) {
        case .failure(let failure): return .failure(failure.message.replacingOccurrences(of: "error: ", with: "Error: ") + "\n")
        case .success(let result): parsed = result
        }
        let words = parsed.positionals
        switch words.first {
        case "version":
            return .ok(
                "clusterctl version: &version.Info{Major:\"1\", Minor:\"10\", GitVersion:\"v1.10.4\", "
                    + "GitCommit:\"2a1d7b8e3c3f\", GitTreeState:\"clean\", BuildDate:\"2025-07-15T12:00:00Z\", "
                    + "GoVersion:\"go1.23.10\", Compiler:\"gc\", Platform:\"linux/amd64\"}\n")
        case "get" where words.count == 3 && words[1] == "kubeconfig":
            return withCluster(words[2], parsed, invocation, world) { cluster, _ in
                guard (cluster.kubeconfigAt.map { $0 <= world.now }) ?? false else {
                    return .failure(
                        "Error: \"\(cluster.name)-kubeconfig\" not found in namespace \"\(cluster.namespace)\": secrets \"\(cluster.name)-kubeconfig\" not found\n")
                }
                return .ok(Kubeconfig.workloadCluster(cluster))
            }
        case "describe" where words.count == 3 && words[1] == "cluster":
            return withCluster(words[2], parsed, invocation, world) { cluster, management in
                .ok(describe(cluster, management: management, world: world))
            }
        default:
            return .failure(
                "Error: the simulated clusterctl answers `get kubeconfig NAME`, `describe cluster NAME` and `version`; "
                    + "got `\(invocation.arguments.joined(separator: " "))`\n")
        }
    }

    private static func withCluster(
        _ name: String, _ flags: CommandFlags, _ invocation: ToolInvocation, _ world: World,
        _ body: (WorkloadCluster, ManagedCluster) -> ToolResult
    ) -> ToolResult {
        let resolved = KubeTarget.resolve(
            kubeconfig: flags.value("--kubeconfig"), context: flags.value("--kubeconfig-context"), invocation: invocation,
            world: world)
        switch resolved {
        case .failure(let failure):
            return .failure("Error: failed to connect to the management cluster: \(failure.message)\n")
        case .success(.workload):
            return .failure("Error: failed to get cluster \"\(name)\": the kubeconfig points at a workload cluster\n")
        case .success(.management(let management)):
            let namespace = flags.value("--namespace") ?? "default"
            guard let cluster = world.workloadClusters.first(where: {
                $0.name == name && $0.namespace == namespace && $0.managementCluster == management.name
            }) else {
                return .failure("Error: clusters.cluster.x-k8s.io \"\(name)\" not found\n")
            }
            return body(cluster, management)
        }
    }

    /// A tree like `clusterctl describe cluster`.
    private static func describe(_ cluster: WorkloadCluster, management: ManagedCluster, world: World) -> String {
        let view = KubeView(world: world)
        let target = KubeTarget.management(management)
        func status(_ kind: String, _ name: String) -> JSONValue {
            let object = view.objects(.of(kind: kind, apiVersion: ""), namespace: cluster.namespace, in: target)
                .first { $0["metadata"]["name"].stringValue == name }
            return object?["status"] ?? .null
        }
        let ready = world.readyControlPlaneReplicas(cluster)
        let infrastructureReady = status("AzureCluster", cluster.name)["ready"] == .bool(true)
        let clusterReady = ready == cluster.controlPlane.count && ready > 0 && infrastructureReady
        let machines = view.objects(.of(kind: "Machine", apiVersion: ""), namespace: cluster.namespace, in: target)
            .filter { $0["spec"]["clusterName"].stringValue == cluster.name }
        func row(_ label: String, _ ok: Bool, _ reason: String = "") -> [String] {
            [label, ok ? "True" : "False", ok ? "" : "Info", ok ? "" : reason]
        }
        var rows = [["NAME", "READY", "SEVERITY", "REASON"]]
        rows.append(row("Cluster/\(cluster.name)", clusterReady, "WaitingForControlPlane"))
        rows.append(row("├─ClusterInfrastructure - AzureCluster/\(cluster.name)", infrastructureReady, "Creating"))
        rows.append(row("├─ControlPlane - KubeadmControlPlane/\(cluster.controlPlaneName)", ready > 0, "ScalingUp"))
        let controlPlaneMachines = machines.filter { $0["metadata"]["labels"]["cluster.x-k8s.io/control-plane"] != .null }
        for (index, machine) in controlPlaneMachines.enumerated() {
            let prefix = index == controlPlaneMachines.count - 1 ? "│ └─" : "│ ├─"
            rows.append(row(prefix + "Machine/\(machine["metadata"]["name"].stringValue ?? "")",
                            machine["status"]["phase"].stringValue == "Running", "WaitingForBootstrapData"))
        }
        rows.append(["└─Workers", "", "", ""])
        let deployments = Set(cluster.machines.compactMap(\.deployment)).sorted()
        for (index, deployment) in deployments.enumerated() {
            let last = index == deployments.count - 1
            let workers = machines.filter { $0["metadata"]["labels"]["cluster.x-k8s.io/deployment-name"].stringValue == deployment }
            let readyWorkers = workers.filter { $0["status"]["phase"].stringValue == "Running" }.count
            rows.append(row((last ? "  └─" : "  ├─") + "MachineDeployment/\(deployment)",
                            readyWorkers == cluster.machines.filter { $0.deployment == deployment }.count, "WaitingForAvailableMachines"))
            for (position, worker) in workers.enumerated() {
                let branch = (last ? "    " : "  │ ") + (position == workers.count - 1 ? "└─" : "├─")
                rows.append(row(branch + "Machine/\(worker["metadata"]["name"].stringValue ?? "")",
                                worker["status"]["phase"].stringValue == "Running", "WaitingForBootstrapData"))
            }
        }
        return KubectlTool.alignedRows(rows)
    }
}
