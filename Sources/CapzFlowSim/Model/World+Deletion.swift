/// Deleting resource groups (with everything in them) and workload clusters.
extension World {
    /// Deletes resource group `name` and every resource in it; an AKS cluster in it takes its
    /// node resource group with it, as AKS does.
    mutating func deleteGroup(_ name: String) {
        let clusters = managedClusters.filter { Self.same($0.resourceGroup, name) }
        resourceGroups.removeAll { Self.same($0.name, name) }
        virtualNetworks.removeAll { Self.same($0.resourceGroup, name) }
        managedClusters.removeAll { Self.same($0.resourceGroup, name) }
        identities.removeAll { Self.same($0.resourceGroup, name) }
        securityGroups.removeAll { Self.same($0.resourceGroup, name) }
        loadBalancers.removeAll { Self.same($0.resourceGroup, name) }
        privateZones.removeAll { Self.same($0.resourceGroup, name) }
        scheduledReverts.removeAll { Self.same($0.resourceGroup, name) }
        for cluster in clusters {
            helmReleases.removeAll { $0.cluster == cluster.name }
            kubeObjects.removeAll { $0.managementCluster == cluster.name }
            workloadClusters.removeAll { $0.managementCluster == cluster.name }
            if groupIndex(cluster.nodeResourceGroup) != nil { deleteGroup(cluster.nodeResourceGroup) }
        }
    }

    /// Removes workload cluster `index`: its objects in the management cluster, its releases,
    /// and its resource group (CAPZ deletes the group it created).
    mutating func removeWorkloadCluster(at index: Int) {
        let cluster = workloadClusters.remove(at: index)
        kubeObjects.removeAll { object in
            object.managementCluster == cluster.managementCluster && object.namespace == cluster.namespace
                && object.kind != "AzureClusterIdentity"
                && (object.name == cluster.name || object.name.hasPrefix(cluster.name + "-"))
        }
        helmReleases.removeAll { $0.cluster == cluster.name }
        if groupIndex(cluster.resourceGroup) != nil { deleteGroup(cluster.resourceGroup) }
    }
}
