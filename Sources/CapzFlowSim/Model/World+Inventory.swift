/// Counting what the world holds.
extension World {
    /// The names of what the world holds, by kind.
    var inventory: SimInventory {
        SimInventory(
            resourceGroups: resourceGroups.map(\.name),
            aksClusters: managedClusters.map { "\($0.resourceGroup)/\($0.name)" },
            workloadClusters: kubeObjects.filter { $0.kind == "Cluster" }.map(\.name),
            internalLoadBalancers: loadBalancers.filter(\.isInternal).map { "\($0.resourceGroup)/\($0.name)" },
            privateDNSZones: privateZones.map { "\($0.resourceGroup)/\($0.name)" },
            peerings: virtualNetworks.flatMap { vnet in
                vnet.peerings.map { "\(vnet.resourceGroup)/\(vnet.name)/\($0.name)" }
            },
            securityRules: securityGroups.flatMap { nsg in
                nsg.rules.map { "\(nsg.resourceGroup)/\(nsg.name)/\($0.name)" }
            })
    }
}
