/// Finding things in the world by the names the tools are given (Azure names are case-insensitive).
extension World {
    /// Whether two Azure names are the same name.
    static func same(_ left: String, _ right: String) -> Bool {
        left.lowercased() == right.lowercased()
    }

    /// The resource group named `name`.
    func groupIndex(_ name: String) -> Int? {
        resourceGroups.firstIndex { Self.same($0.name, name) }
    }

    /// The VNet `name` in group `group`.
    func vnetIndex(group: String, name: String) -> Int? {
        virtualNetworks.firstIndex { Self.same($0.resourceGroup, group) && Self.same($0.name, name) }
    }

    /// The VNet a resource ID names (subscription checked), or the VNet `name` in `group` for a bare name.
    func vnetIndex(reference: String, defaultGroup: String) -> Int? {
        if let id = ResourceID(reference) {
            guard Self.same(id.subscription, account.subscriptionID),
                let name = id.name(ofType: "virtualNetworks")
            else { return nil }
            return vnetIndex(group: id.resourceGroup, name: name)
        }
        return vnetIndex(group: defaultGroup, name: reference)
    }

    /// The AKS cluster `name` in group `group`.
    func clusterIndex(group: String, name: String) -> Int? {
        managedClusters.firstIndex { Self.same($0.resourceGroup, group) && Self.same($0.name, name) }
    }

    /// The NSG `name` in group `group`.
    func securityGroupIndex(group: String, name: String) -> Int? {
        securityGroups.firstIndex { Self.same($0.resourceGroup, group) && Self.same($0.name, name) }
    }

    /// The load balancer `name` in group `group`.
    func loadBalancerIndex(group: String, name: String) -> Int? {
        loadBalancers.firstIndex { Self.same($0.resourceGroup, group) && Self.same($0.name, name) }
    }

    /// The private DNS zone `name` in group `group`.
    func zoneIndex(group: String, name: String) -> Int? {
        privateZones.firstIndex { Self.same($0.resourceGroup, group) && Self.same($0.name, name) }
    }

    /// The identity a resource ID names.
    func identityIndex(id text: String) -> Int? {
        guard let id = ResourceID(text), Self.same(id.subscription, account.subscriptionID),
            let name = id.name(ofType: "userAssignedIdentities")
        else { return nil }
        return identities.firstIndex { Self.same($0.resourceGroup, id.resourceGroup) && Self.same($0.name, name) }
    }

    /// The identity `name` in group `group`.
    func identityIndex(group: String, name: String) -> Int? {
        identities.firstIndex { Self.same($0.resourceGroup, group) && Self.same($0.name, name) }
    }

    /// The AKS cluster named `name` (any group).
    func managedCluster(named name: String) -> ManagedCluster? {
        managedClusters.first { $0.name == name }
    }

    /// The AKS cluster the current kube context points at.
    var currentManagementCluster: ManagedCluster? {
        guard let context = kubeContexts.first(where: { $0.name == currentContext }) else { return nil }
        return managedClusters.first {
            Self.same($0.name, context.cluster) && Self.same($0.resourceGroup, context.resourceGroup)
        }
    }

    /// The workload cluster `name`.
    func workloadIndex(_ name: String) -> Int? {
        workloadClusters.firstIndex { $0.name == name }
    }

    /// The object of `kind` named `name` in `namespace` of management cluster `cluster`.
    func kubeObjectIndex(cluster: String, kind: String, namespace: String, name: String) -> Int? {
        kubeObjects.firstIndex {
            $0.managementCluster == cluster && $0.kind == kind && $0.namespace == namespace && $0.name == name
        }
    }

    /// The NSGs of resource group `group`.
    func securityGroups(in group: String) -> [NetworkSecurityGroup] {
        securityGroups.filter { Self.same($0.resourceGroup, group) }
    }
}
