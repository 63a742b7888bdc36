import Foundation

/// `kubectl apply` into a management cluster: the API server's checks (CRDs installed, the
/// CAPI and CAPZ webhooks), storing the objects, and handing a complete cluster to the CAPZ
/// controller as a `WorkloadCluster`.
extension World {
    /// What became of one applied document.
    enum ApplyOutcome: Equatable {
        /// Stored: `kind.group/name created|configured|unchanged`.
        case stored(String)
        /// Refused, with kubectl's error text.
        case refused(String)
    }

    /// Applies `documents` (parsed manifests) to AKS cluster `cluster` in `namespace`, reading
    /// them from `source` (`STDIN` or a file name, for messages).
    mutating func apply(
        _ documents: [JSONValue], to cluster: ManagedCluster, namespace defaultNamespace: String, source: String
    ) -> [ApplyOutcome] {
        var outcomes: [ApplyOutcome] = []
        for document in documents {
            let kind = document["kind"].stringValue ?? ""
            let apiVersion = document["apiVersion"].stringValue ?? ""
            let name = document["metadata"]["name"].stringValue ?? ""
            let namespace = document["metadata"]["namespace"].stringValue ?? defaultNamespace
            guard !kind.isEmpty, !apiVersion.isEmpty else {
                outcomes.append(.refused("error: error validating \"\(source)\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false"))
                continue
            }
            let kubeKind = KubeKind.of(kind: kind, apiVersion: apiVersion)
            if kubeKind.group.hasSuffix("cluster.x-k8s.io"), !(cluster.capiInstalledAt.map { $0 <= now } ?? false) {
                outcomes.append(.refused(
                    "error: resource mapping not found for name: \"\(name)\" namespace: \"\(namespace)\" from \"\(source)\": "
                        + "no matches for kind \"\(kind)\" in version \"\(apiVersion)\"\nensure CRDs are installed first"))
                continue
            }
            guard !name.isEmpty else {
                outcomes.append(.refused(
                    "error: error when retrieving current configuration of:\nResource: \"\(apiVersion), Resource=\(kubeKind.plural)\", "
                        + "GroupVersionKind: \"\(apiVersion), Kind=\(kind)\"\nName: \"\", Namespace: \"\(namespace)\"\n"
                        + "from server for: \"\(source)\": resource name may not be empty"))
                continue
            }
            if let refusal = admissionRefusal(document, kind: kind, name: name, cluster: cluster) {
                outcomes.append(.refused(
                    "Error from server (Forbidden): error when creating \"\(source)\": \(refusal)"))
                continue
            }
            var manifest = document
            if case .object(var object) = manifest {
                object["status"] = nil
                // single-control-plane: the cluster comes up with one control-plane machine,
                // whatever the template asks for.
                if faults.singleControlPlane, kind == "KubeadmControlPlane", case .object(var spec)? = object["spec"] {
                    spec["replicas"] = .int(1)
                    object["spec"] = .object(spec)
                }
                manifest = .object(object)
            }
            if let index = kubeObjectIndex(cluster: cluster.name, kind: kind, namespace: namespace, name: name) {
                if kubeObjects[index].manifest.sameValue(as: manifest) {
                    outcomes.append(.stored("\(kubeKind.qualifiedSingular)/\(name) unchanged"))
                } else {
                    kubeObjects[index].manifest = manifest
                    kubeObjects[index].generation += 1
                    outcomes.append(.stored("\(kubeKind.qualifiedSingular)/\(name) configured"))
                }
            } else {
                kubeObjects.append(
                    KubeObject(
                        managementCluster: cluster.name, apiVersion: apiVersion, kind: kind, namespace: namespace,
                        name: name, manifest: manifest, uid: random.guid(), generation: 1, createdAt: now))
                outcomes.append(.stored("\(kubeKind.qualifiedSingular)/\(name) created"))
            }
        }
        startWorkloadClusters(in: cluster)
        return outcomes
    }

    /// Why the CAPI/CAPZ webhooks refuse `document`, if they do.
    private func admissionRefusal(_ document: JSONValue, kind: String, name: String, cluster: ManagedCluster) -> String? {
        let group = KubeKind.of(kind: kind, apiVersion: document["apiVersion"].stringValue ?? "").group
        guard group.hasSuffix("cluster.x-k8s.io") else { return nil }
        guard cluster.controllerRunningAt.map({ $0 <= now }) ?? false else {
            return "Internal error occurred: failed calling webhook \"default.\(kind.lowercased()).\(group)\": failed to call "
                + "webhook: Post \"https://capz-webhook-service.capz-system.svc:443/mutate-\(kind.lowercased())\": dial tcp "
                + "10.0.141.27:443: connect: connection refused"
        }
        let spec = document["spec"]
        func denied(_ field: String, _ reason: String) -> String {
            "admission webhook \"validation.\(kind.lowercased()).\(group)\" denied the request: "
                + "\(kind).\(group) \"\(name)\" is invalid: \(field): \(reason)"
        }
        switch kind {
        case "AzureCluster":
            if (spec["location"].stringValue ?? "").isEmpty {
                return denied("spec.location", "Required value: location is required")
            }
            let frontends = spec["networkSpec"]["apiServerLB"]["frontendIPs"].arrayValue ?? []
            for (index, frontend) in frontends.enumerated() {
                guard let address = frontend["privateIP"].stringValue else { continue }
                guard cluster.apiServerILBGate else {
                    return denied(
                        "spec.networkSpec.apiServerLB.frontendIPConfigs[\(index)].privateIP",
                        "Forbidden: Public Load Balancers cannot have a Private IP")
                }
                let subnets = spec["networkSpec"]["subnets"].arrayValue ?? []
                let controlPlane = subnets.first { $0["role"].stringValue == "control-plane" }
                let cidrs = controlPlane?["cidrBlocks"].arrayValue?.compactMap(\.stringValue) ?? []
                if !cidrs.isEmpty, !cidrs.contains(where: { CIDR.contains($0, address) }) {
                    return denied(
                        "spec.networkSpec.apiServerLB.frontendIPConfigs[\(index)].privateIP",
                        "Invalid value: \"\(address)\": Internal LB IP address needs to be in control plane subnet range (\(cidrs.joined(separator: ", ")))")
                }
            }
        case "KubeadmControlPlane":
            if !Self.isSemanticVersion(spec["version"].stringValue) {
                return denied("spec.version", "Invalid value: \"\(spec["version"].stringValue ?? "")\": must be a valid semantic version")
            }
        case "MachineDeployment":
            if !Self.isSemanticVersion(spec["template"]["spec"]["version"].stringValue) {
                return denied(
                    "spec.template.spec.version",
                    "Invalid value: \"\(spec["template"]["spec"]["version"].stringValue ?? "")\": must be a valid semantic version")
            }
        case "AzureMachineTemplate":
            if (spec["template"]["spec"]["vmSize"].stringValue ?? "").isEmpty {
                return denied("spec.template.spec.vmSize", "Required value")
            }
        case "AzureClusterIdentity":
            for field in ["clientID", "tenantID"] where (spec[field].stringValue ?? "").isEmpty {
                return denied("spec.\(field)", "Required value")
            }
        default:
            break
        }
        return nil
    }

    private static func isSemanticVersion(_ text: String?) -> Bool {
        guard let text, text.hasPrefix("v") else { return false }
        let parts = text.dropFirst().split(separator: ".")
        return parts.count == 3 && parts.allSatisfy { part in Int(part.prefix { $0.isNumber }) != nil }
    }

    /// Hands every cluster whose Cluster, AzureCluster and KubeadmControlPlane are all applied,
    /// and that the controller does not know yet, to the simulated CAPZ controller.
    private mutating func startWorkloadClusters(in management: ManagedCluster) {
        let clusters = kubeObjects.filter { $0.managementCluster == management.name && $0.kind == "Cluster" }
        for cluster in clusters where workloadIndex(cluster.name) == nil {
            let spec = cluster.spec
            let infrastructure = spec["infrastructureRef"]["name"].stringValue ?? cluster.name
            let controlPlaneName = spec["controlPlaneRef"]["name"].stringValue ?? "\(cluster.name)-control-plane"
            guard
                let azure = kubeObjectIndex(
                    cluster: management.name, kind: "AzureCluster", namespace: cluster.namespace, name: infrastructure),
                let controlPlane = kubeObjectIndex(
                    cluster: management.name, kind: "KubeadmControlPlane", namespace: cluster.namespace, name: controlPlaneName)
            else { continue }
            workloadClusters.append(
                makeWorkloadCluster(
                    cluster, azure: kubeObjects[azure], controlPlane: kubeObjects[controlPlane], management: management))
        }
    }

    private mutating func makeWorkloadCluster(
        _ cluster: KubeObject, azure: KubeObject, controlPlane: KubeObject, management: ManagedCluster
    ) -> WorkloadCluster {
        let spec = azure.spec
        let network = spec["networkSpec"]
        let location = spec["location"].stringValue ?? management.location
        var subnets = (network["subnets"].arrayValue ?? []).map { subnet in
            VirtualNetwork.Subnet(
                name: subnet["name"].stringValue ?? "\(subnet["role"].stringValue ?? "node")-subnet",
                addressPrefix: subnet["cidrBlocks"].arrayValue?.first?.stringValue ?? "10.0.0.0/16")
        }
        let roles = (network["subnets"].arrayValue ?? []).map { $0["role"].stringValue ?? "" }
        if let controlPlaneIndex = roles.firstIndex(of: "control-plane"), controlPlaneIndex > 0 {
            subnets.insert(subnets.remove(at: controlPlaneIndex), at: 0)
        }
        if subnets.isEmpty {
            subnets = [
                .init(name: "control-plane-subnet", addressPrefix: "10.0.0.0/16"),
                .init(name: "node-subnet", addressPrefix: "10.1.0.0/16"),
            ]
        }
        let frontends = network["apiServerLB"]["frontendIPs"].arrayValue ?? []
        let dnsName = frontends.compactMap { $0["publicIP"]["dnsName"].stringValue }.first
            ?? "\(cluster.name)-\(random.suffix(10)).\(location).cloudapp.azure.com"
        let replicas = controlPlane.spec["replicas"].intValue ?? 1
        let controlPlaneSize = machineSize(controlPlane.spec["machineTemplate"]["infrastructureRef"]["name"].stringValue, in: cluster)
        var machines = (0..<replicas).map { ordinal -> Machine in
            let name = "\(controlPlane.name)-\(random.suffix(5))"
            return Machine(
                name: name, nodeName: name, role: .controlPlane, deployment: nil, ordinal: ordinal, windows: false,
                vmSize: controlPlaneSize)
        }
        let deployments = kubeObjects.filter {
            $0.managementCluster == management.name && $0.kind == "MachineDeployment" && $0.namespace == cluster.namespace
                && $0.spec["clusterName"].stringValue == cluster.name
        }
        for deployment in deployments {
            let template = deployment.spec["template"]["spec"]["infrastructureRef"]["name"].stringValue
            let windows = templateIsWindows(template, in: cluster)
            let hash = random.suffix(10)
            for ordinal in 0..<(deployment.spec["replicas"].intValue ?? 1) {
                let suffix = random.suffix(5)
                machines.append(
                    Machine(
                        name: "\(deployment.name)-\(hash)-\(suffix)",
                        nodeName: windows ? "win-\(suffix)" : "\(template ?? deployment.name)-\(suffix)", role: .worker,
                        deployment: deployment.name, ordinal: ordinal, windows: windows,
                        vmSize: machineSize(template, in: cluster)))
            }
        }
        return WorkloadCluster(
            name: cluster.name, namespace: cluster.namespace, managementCluster: management.name, location: location,
            resourceGroup: spec["resourceGroup"].stringValue ?? cluster.name,
            vnetName: network["vnet"]["name"].stringValue ?? "\(cluster.name)-vnet",
            vnetPrefixes: network["vnet"]["cidrBlocks"].arrayValue?.compactMap(\.stringValue) ?? ["10.0.0.0/8"],
            subnets: subnets, internalIP: frontends.compactMap { $0["privateIP"].stringValue }.first,
            publicDNSName: dnsName,
            kubernetesVersion: controlPlane.spec["version"].stringValue ?? "v1.33.2", machines: machines,
            hairpin: faults.singleControlPlane, networkDelay: faults.vnetDelay, internalLBDelay: faults.ilbDelay,
            appliedAt: now)
    }

    private func machineSize(_ template: String?, in cluster: KubeObject) -> String {
        guard let template,
            let index = kubeObjectIndex(
                cluster: cluster.managementCluster, kind: "AzureMachineTemplate", namespace: cluster.namespace, name: template)
        else { return "Standard_D2s_v3" }
        return kubeObjects[index].spec["template"]["spec"]["vmSize"].stringValue ?? "Standard_D2s_v3"
    }

    private func templateIsWindows(_ template: String?, in cluster: KubeObject) -> Bool {
        guard let template,
            let index = kubeObjectIndex(
                cluster: cluster.managementCluster, kind: "AzureMachineTemplate", namespace: cluster.namespace, name: template)
        else { return false }
        return kubeObjects[index].spec["template"]["spec"]["osDisk"]["osType"].stringValue == "Windows"
    }
}
