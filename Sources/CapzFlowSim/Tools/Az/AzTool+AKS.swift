import Foundation

/// `az aks …`.
extension AzTool {
    private static func cluster(_ group: String, _ name: String, in world: World) -> Result<Int, AzFailure> {
        guard world.groupIndex(group) != nil else { return .failure(.groupNotFound(group)) }
        guard let index = world.clusterIndex(group: group, name: name) else {
            return .failure(.notFound("Microsoft.ContainerService/managedClusters/\(name)", group: group))
        }
        return .success(index)
    }

    static func aksShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch cluster(request.group, request.name, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index): return .result(AzureJSON(world: world).managedCluster(world.managedClusters[index]))
        }
    }

    static func aksList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let group = request.arguments.value("--resource-group")
        if let group, world.groupIndex(group) == nil { return .failure(.groupNotFound(group)) }
        let json = AzureJSON(world: world)
        let clusters = world.managedClusters.filter { resource in group.map { World.same(resource.resourceGroup, $0) } ?? true }
        return .result(.array(clusters.map(json.managedCluster)))
    }

    /// Creates the cluster (synchronously: the call takes the provisioning time); the
    /// `aks-create-timeout` fault makes the first create fail at the end although the cluster exists.
    static func aksCreate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let arguments = request.arguments
        guard let groupIndex = world.groupIndex(request.group) else { return .failure(.groupNotFound(request.group)) }
        if let index = world.clusterIndex(group: request.group, name: request.name) {
            let existing = world.managedClusters[index]
            return .delayed(
                AzureJSON(world: world).managedCluster(existing), existing.readyAt.duration(since: world.now))
        }
        var subnetID: String?
        if let text = arguments.value("--vnet-subnet-id") {
            guard let id = ResourceID(text), let vnetName = id.name(ofType: "virtualNetworks"),
                let subnetName = id.name(ofType: "subnets")
            else {
                return .failure(.plain("--vnet-subnet-id is not a valid Azure resource ID."))
            }
            let vnet = World.same(id.subscription, world.account.subscriptionID)
                ? world.vnetIndex(group: id.resourceGroup, name: vnetName) : nil
            guard let vnet, world.virtualNetworks[vnet].subnets.contains(where: { World.same($0.name, subnetName) }) else {
                return .failure(
                    .arm(
                        code: "InvalidParameter",
                        message: "The value of parameter agentPoolProfile.vnetSubnetID is invalid: subnet \(text) "
                            + "does not exist. Please see https://aka.ms/aks-naming-rules for more details."))
            }
            subnetID = text
        }
        let location = arguments.value("--location") ?? world.resourceGroups[groupIndex].location
        let nodeGroup = arguments.value("--node-resource-group") ?? "MC_\(request.group)_\(request.name)_\(location)"
        let subscription = world.account.subscriptionID
        let clusterID = "/subscriptions/\(subscription)/resourcegroups/\(request.group)/providers/Microsoft.ContainerService/managedClusters/\(request.name)"
        if world.groupIndex(nodeGroup) == nil {
            world.resourceGroups.append(
                ResourceGroup(
                    name: nodeGroup, location: location,
                    tags: ["aks-managed-cluster-name": request.name, "aks-managed-cluster-rg": request.group],
                    managedBy: clusterID, createdAt: world.now))
        }
        let identity = ManagedIdentity(
            name: "\(request.name)-agentpool", resourceGroup: nodeGroup, location: location,
            clientID: world.random.guid(), principalID: world.random.guid(),
            tenantID: world.account.current?.tenantID ?? world.random.guid())
        world.identities.append(identity)
        let prefix = "\(request.name.prefix(10))-\(request.group.prefix(16))-\(subscription.prefix(6))"
        let version = arguments.value("--kubernetes-version").map { $0.hasPrefix("v") ? String($0.dropFirst()) : $0 }
        let cluster = ManagedCluster(
            name: request.name, resourceGroup: request.group, location: location, kubernetesVersion: version ?? "1.33.2",
            nodeCount: arguments.value("--node-count").flatMap { Int($0) } ?? 3,
            vmSize: arguments.value("--node-vm-size") ?? "Standard_DS2_v2", nodeResourceGroup: nodeGroup,
            subnetID: subnetID, serviceCidr: arguments.value("--service-cidr"),
            dnsServiceIP: arguments.value("--dns-service-ip"),
            maxPods: arguments.value("--max-pods").flatMap { Int($0) } ?? 30, tags: arguments.tags(),
            oidcIssuer: arguments.has("--enable-oidc-issuer"), workloadIdentity: arguments.has("--enable-workload-identity"),
            kubeletIdentityID: identity.id(subscription: subscription).text.replacingOccurrences(
                of: "/resourceGroups/", with: "/resourcegroups/"),
            fqdn: "\(prefix)-\(world.random.suffix(8)).hcp.\(location).azmk8s.io".lowercased(),
            poolDigits: world.random.digits(8), createdAt: world.now, readyAt: world.now + SimTimings.aksProvisioning)
        world.managedClusters.append(cluster)
        if arguments.flag("--no-wait") { return .result(nil) }
        if world.faults.aksCreateTimeout {
            world.faults.aksCreateTimeout = false
            return .delayedFailure(
                .arm(
                    code: "OperationTimedOut",
                    message: "The operation to create managed cluster '\(request.name)' timed out: the long-running "
                        + "operation did not complete within the allowed time. The cluster may still be created; "
                        + "check it with 'az aks show'."),
                SimTimings.aksProvisioning)
        }
        var later = world
        later.advance(to: cluster.readyAt)
        return .delayed(AzureJSON(world: later).managedCluster(cluster), SimTimings.aksProvisioning)
    }

    /// Writes credentials: to `--file` (or stdout for `-`), else into the default kubeconfig
    /// (the world's contexts), making the cluster's context current.
    static func aksGetCredentials(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let index: Int
        switch cluster(request.group, request.name, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let found): index = found
        }
        let cluster = world.managedClusters[index]
        let text = Kubeconfig.managementCluster(cluster)
        if let file = request.arguments.value("--file") {
            if file == "-" { return .text(text) }
            let path = request.invocation.resolve(file)
            do {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                chmod(path, 0o600)
            } catch {
                return .failure(.plain("Could not write the kubeconfig to \(path): \(error.localizedDescription)"))
            }
            return .result(nil)
        }
        let name = request.arguments.value("--context") ?? cluster.name
        world.kubeContexts.removeAll { $0.name == name }
        world.kubeContexts.append(KubeContext(name: name, cluster: cluster.name, resourceGroup: cluster.resourceGroup))
        world.currentContext = name
        let environment = request.invocation.environment
        let target = environment["KUBECONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(environment["HOME"] ?? "~")/.kube/config"
        request.warnings.append("Merged \"\(name)\" as current context in \(target)")
        return .result(nil)
    }

    static func aksWait(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        guard let index = world.clusterIndex(group: request.group, name: request.name) else {
            return wait(request, world: world, target: .absent)
        }
        return wait(request, world: world, target: .present(world.managedClusters[index].provisioningState(at: world.now)))
    }

    /// The BYO-identity update: `--assign-kubelet-identity` switches the kubelet identity.
    static func aksUpdate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let index: Int
        switch cluster(request.group, request.name, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let found): index = found
        }
        if let kubelet = request.arguments.value("--assign-kubelet-identity") {
            guard world.identityIndex(id: kubelet) != nil else {
                return .failure(
                    .arm(code: "InvalidParameter", message: "The user-assigned identity \(kubelet) was not found."))
            }
            world.managedClusters[index].kubeletIdentityID = kubelet
        }
        if request.arguments.has("--enable-oidc-issuer") { world.managedClusters[index].oidcIssuer = true }
        if request.arguments.has("--enable-workload-identity") { world.managedClusters[index].workloadIdentity = true }
        if request.arguments.has("--tags") { world.managedClusters[index].tags = request.arguments.tags() }
        let json = AzureJSON(world: world).managedCluster(world.managedClusters[index])
        return request.arguments.flag("--no-wait") ? .result(nil) : .delayed(json, .seconds(120))
    }

    static func aksDelete(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        guard request.arguments.has("--yes") else { return .failure(.confirmationNeeded) }
        switch cluster(request.group, request.name, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            let cluster = world.managedClusters.remove(at: index)
            if world.groupIndex(cluster.nodeResourceGroup) != nil { world.deleteGroup(cluster.nodeResourceGroup) }
            return request.arguments.flag("--no-wait") ? .result(nil) : .delayed(nil, .seconds(300))
        }
    }
}
