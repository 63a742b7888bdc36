import Foundation

/// The Kubernetes objects a cluster serves, as JSON with their status computed from the world.
///
/// Stored objects (what was applied) get metadata and a status that agrees with what the
/// simulated controllers have done; Machines, kubeconfig Secrets and Nodes are generated from
/// the workload clusters' schedules.
struct KubeView {
    /// The world.
    let world: World

    /// `date` as Kubernetes prints timestamps.
    static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Every object of `kind` in `target` (in `namespace`, or all namespaces when nil).
    func objects(_ kind: KubeKind, namespace: String?, in target: KubeTarget) -> [JSONValue] {
        switch target {
        case .workload(let cluster):
            guard kind.kind == "Node" else { return [] }
            return world.nodes(of: cluster).map { workloadNode($0, of: cluster) }
        case .management(let management):
            let clusters = world.workloadClusters.filter {
                $0.managementCluster == management.name && (namespace == nil || $0.namespace == namespace)
            }
            switch kind.kind {
            case "Node":
                return (0..<management.nodeCount).map { aksNode(management, index: $0) }
            case "Machine":
                return clusters.flatMap { cluster in
                    cluster.machines.filter { (cluster.createdAt($0).map { $0 <= world.now }) ?? false }
                        .map { machine($0, of: cluster) }
                }
            case "Secret":
                return clusters.filter { ($0.kubeconfigAt.map { $0 <= world.now }) ?? false }.map(kubeconfigSecret)
            default:
                return world.kubeObjects.filter {
                    $0.managementCluster == management.name && $0.kind == kind.kind
                        && (namespace == nil || $0.namespace == namespace)
                }.map(stored)
            }
        }
    }

    private func metadata(
        name: String, namespace: String?, created: Date, uid: String, labels: JSONValue = .null, extra: JSONObject = JSONObject()
    ) -> JSONValue {
        var object = JSONObject([
            ("creationTimestamp", .string(Self.time(created))), ("name", .string(name)),
            ("resourceVersion", .string(String(Int(created.timeIntervalSince1970) % 1_000_000))),
            ("uid", .string(uid)),
        ])
        if let namespace { object["namespace"] = .string(namespace) }
        if labels != .null { object["labels"] = labels }
        for (key, value) in extra.pairs { object[key] = value }
        return .object(object)
    }

    private func condition(_ type: String, _ status: Bool, since: Date?, reason: String? = nil) -> JSONValue {
        var object = JSONObject([
            ("lastTransitionTime", .string(Self.time(since ?? world.now))), ("status", .string(status ? "True" : "False")),
            ("type", .string(type)),
        ])
        if !status, let reason {
            object["reason"] = .string(reason)
            object["severity"] = "Info"
        }
        return .object(object)
    }

    /// An applied object with metadata and status.
    private func stored(_ object: KubeObject) -> JSONValue {
        guard case .object(var manifest) = object.manifest else { return object.manifest }
        var extra = JSONObject([("generation", .int(object.generation))])
        for key in ["annotations", "finalizers"] {
            if let value = object.manifest["metadata"].objectValue?[key] { extra[key] = value }
        }
        let cluster = world.workloadClusters.first {
            $0.namespace == object.namespace
                && ($0.name == object.name || $0.controlPlaneName == object.name || object.spec["clusterName"].stringValue == $0.name)
        }
        manifest["metadata"] = metadata(
            name: object.name, namespace: object.namespace, created: object.createdAt, uid: object.uid,
            labels: object.manifest["metadata"]["labels"], extra: extra)
        if let status = status(of: object, cluster: cluster) { manifest["status"] = status }
        return .object(manifest)
    }

    private func status(of object: KubeObject, cluster: WorkloadCluster?) -> JSONValue? {
        guard let cluster else {
            return ["Cluster", "AzureCluster", "KubeadmControlPlane", "MachineDeployment"].contains(object.kind)
                ? ["observedGeneration": .int(object.generation)] : nil
        }
        let infrastructureReady = cluster.created.network && cluster.created.publicLoadBalancer
            && (cluster.internalIP == nil || cluster.created.internalLoadBalancer)
        let ready = world.readyControlPlaneReplicas(cluster)
        let created = cluster.controlPlane.filter { (cluster.createdAt($0).map { $0 <= world.now }) ?? false }.count
        let initialized = (cluster.initializedAt.map { $0 <= world.now } ?? false) && world.managementReaches(cluster)
        switch object.kind {
        case "Cluster":
            let phase = cluster.deletingSince != nil ? "Deleting"
                : cluster.reconcileStart == nil ? "Pending" : infrastructureReady ? "Provisioned" : "Provisioning"
            let controlPlaneReady = ready == cluster.controlPlane.count && ready > 0
            return [
                "conditions": [
                    condition("Ready", controlPlaneReady && infrastructureReady, since: nil, reason: "WaitingForControlPlane"),
                    condition("ControlPlaneInitialized", initialized, since: cluster.initializedAt, reason: "WaitingForControlPlaneProviderInitialized"),
                    condition("ControlPlaneReady", controlPlaneReady, since: nil, reason: "ScalingUp"),
                    condition("InfrastructureReady", infrastructureReady, since: cluster.networkAt, reason: "WaitingForInfrastructure"),
                ],
                "controlPlaneReady": .bool(controlPlaneReady), "infrastructureReady": .bool(infrastructureReady),
                "observedGeneration": .int(object.generation), "phase": .string(phase),
            ]
        case "AzureCluster":
            return [
                "conditions": [condition("Ready", infrastructureReady, since: cluster.networkAt, reason: "Creating")],
                "failureDomains": ["1": ["controlPlane": true], "2": ["controlPlane": true], "3": ["controlPlane": true]],
                "ready": .bool(infrastructureReady),
            ]
        case "KubeadmControlPlane":
            var status = JSONObject([
                ("conditions", [condition("Available", initialized && ready > 0, since: nil, reason: "WaitingForKubeadmInit")]),
                ("initialized", .bool(initialized)), ("observedGeneration", .int(object.generation)),
                ("ready", .bool(ready > 0)), ("replicas", .int(created)),
                ("selector", .string("cluster.x-k8s.io/cluster-name=\(cluster.name),cluster.x-k8s.io/control-plane")),
                ("unavailableReplicas", .int(max(0, created - ready))), ("updatedReplicas", .int(created)),
                ("version", .optional(object.spec["version"].stringValue)),
            ])
            if ready > 0 { status["readyReplicas"] = .int(ready) }
            return .object(status)
        case "MachineDeployment":
            let machines = cluster.machines.filter { $0.deployment == object.name }
            let createdWorkers = machines.filter { (cluster.createdAt($0).map { $0 <= world.now }) ?? false }.count
            let readyWorkers = world.nodes(of: cluster).filter { $0.machine.deployment == object.name && $0.ready }.count
            let reachable = world.managementReaches(cluster) ? readyWorkers : 0
            var status = JSONObject([
                ("observedGeneration", .int(object.generation)),
                ("phase", .string(reachable == machines.count && !machines.isEmpty ? "Running" : "ScalingUp")),
                ("replicas", .int(createdWorkers)),
                ("selector", .string("cluster.x-k8s.io/cluster-name=\(cluster.name),cluster.x-k8s.io/deployment-name=\(object.name)")),
                ("unavailableReplicas", .int(max(0, createdWorkers - reachable))), ("updatedReplicas", .int(createdWorkers)),
            ])
            if reachable > 0 {
                status["readyReplicas"] = .int(reachable)
                status["availableReplicas"] = .int(reachable)
            }
            return .object(status)
        default:
            return nil
        }
    }

    /// A CAPI Machine of a workload cluster.
    private func machine(_ machine: Machine, of cluster: WorkloadCluster) -> JSONValue {
        let created = cluster.createdAt(machine) ?? world.now
        let running = cluster.runningAt(machine).map { $0 <= world.now } ?? false
        let registered = cluster.nodeRegisteredAt(machine).map { $0 <= world.now } ?? false
        let reachable = world.managementReaches(cluster)
        let phase = running && reachable ? "Running" : registered ? "Provisioned" : "Provisioning"
        var labels = JSONObject([("cluster.x-k8s.io/cluster-name", .string(cluster.name))])
        switch machine.role {
        case .controlPlane:
            labels["cluster.x-k8s.io/control-plane"] = ""
            labels["cluster.x-k8s.io/control-plane-name"] = .string(cluster.controlPlaneName)
        case .worker:
            labels["cluster.x-k8s.io/deployment-name"] = .optional(machine.deployment)
            labels["cluster.x-k8s.io/set-name"] = .string(String(machine.name.dropLast(6)))
        }
        let providerID = "azure:///subscriptions/\(world.account.subscriptionID)/resourceGroups/\(cluster.resourceGroup)/providers/Microsoft.Compute/virtualMachines/\(machine.nodeName)"
        var status = JSONObject([
            ("bootstrapReady", true), ("infrastructureReady", .bool(registered)), ("phase", .string(phase)),
            ("lastUpdated", .string(Self.time(world.now))),
        ])
        if registered && reachable { status["nodeRef"] = ["apiVersion": "v1", "kind": "Node", "name": .string(machine.nodeName)] }
        var spec = JSONObject([
            ("clusterName", .string(cluster.name)),
            ("infrastructureRef", [
                "apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1", "kind": "AzureMachine",
                "name": .string(machine.nodeName), "namespace": .string(cluster.namespace),
            ]),
            ("version", .string(cluster.kubernetesVersion)),
        ])
        if registered { spec["providerID"] = .string(providerID) }
        return [
            "apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Machine",
            "metadata": metadata(
                name: machine.name, namespace: cluster.namespace, created: created, uid: machine.name,
                labels: .object(labels)),
            "spec": .object(spec), "status": .object(status),
        ]
    }

    /// The `<cluster>-kubeconfig` Secret.
    func kubeconfigSecret(_ cluster: WorkloadCluster) -> JSONValue {
        let value = Data(Kubeconfig.workloadCluster(cluster).utf8).base64EncodedString()
        return [
            "apiVersion": "v1", "data": ["value": .string(value)], "kind": "Secret",
            "metadata": metadata(
                name: "\(cluster.name)-kubeconfig", namespace: cluster.namespace, created: cluster.kubeconfigAt ?? world.now,
                uid: "\(cluster.name)-kubeconfig", labels: ["cluster.x-k8s.io/cluster-name": .string(cluster.name)]),
            "type": "cluster.x-k8s.io/secret",
        ]
    }

    private func workloadNode(_ node: World.NodeState, of cluster: WorkloadCluster) -> JSONValue {
        var labels = JSONObject([
            ("kubernetes.io/hostname", .string(node.machine.nodeName)),
            ("kubernetes.io/os", .string(node.machine.windows ? "windows" : "linux")),
        ])
        if node.machine.role == .controlPlane {
            labels["node-role.kubernetes.io/control-plane"] = ""
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        }
        let message = node.ready ? "kubelet is posting ready status"
            : "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"
        return nodeJSON(
            name: node.machine.nodeName, labels: labels, created: node.registeredAt, ready: node.ready, since: node.since,
            message: message, version: cluster.kubernetesVersion, windows: node.machine.windows)
    }

    private func aksNode(_ cluster: ManagedCluster, index: Int) -> JSONValue {
        let name = "aks-nodepool1-\(cluster.poolDigits)-vmss00000\(index)"
        let labels = JSONObject([
            ("agentpool", "nodepool1"), ("kubernetes.azure.com/cluster", .string(cluster.nodeResourceGroup)),
            ("kubernetes.io/hostname", .string(name)), ("kubernetes.io/os", "linux"), ("kubernetes.io/role", "agent"),
        ])
        return nodeJSON(
            name: name, labels: labels, created: cluster.readyAt, ready: true, since: cluster.readyAt,
            message: "kubelet is posting ready status", version: "v" + cluster.kubernetesVersion, windows: false)
    }

    private func nodeJSON(
        name: String, labels: JSONObject, created: Date, ready: Bool, since: Date, message: String, version: String,
        windows: Bool
    ) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Node",
            "metadata": metadata(name: name, namespace: nil, created: created, uid: name, labels: .object(labels)),
            "spec": [:],
            "status": [
                "conditions": [
                    [
                        "lastHeartbeatTime": .string(Self.time(world.now)), "lastTransitionTime": .string(Self.time(since)),
                        "message": .string(message), "reason": .string(ready ? "KubeletReady" : "KubeletNotReady"),
                        "status": .string(ready ? "True" : "False"), "type": "Ready",
                    ]
                ],
                "nodeInfo": [
                    "architecture": "amd64", "kubeletVersion": .string(version),
                    "operatingSystem": .string(windows ? "windows" : "linux"),
                    "osImage": .string(windows ? "Windows Server 2022 Datacenter" : "Ubuntu 24.04.2 LTS"),
                ],
            ],
        ]
    }
}
