import Foundation

/// The state of workload clusters that depends on more than their own schedule: node
/// readiness (CNI, DNS, peerings) and whether the management cluster can reach them.
extension World {
    /// A node of a workload cluster as `kubectl get nodes` shows it.
    struct NodeState: Equatable {
        /// The machine behind it.
        var machine: Machine
        /// When it registered.
        var registeredAt: Date
        /// Whether its Ready condition is True.
        var ready: Bool
        /// When its Ready condition last changed.
        var since: Date
    }

    /// The VNet of an AKS cluster (its `--vnet-subnet-id`'s VNet).
    func managementNetwork(of cluster: ManagedCluster) -> VirtualNetwork? {
        guard let subnet = cluster.subnetID.flatMap(ResourceID.init),
            let name = subnet.name(ofType: "virtualNetworks"),
            let index = vnetIndex(group: subnet.resourceGroup, name: name)
        else { return nil }
        return virtualNetworks[index]
    }

    /// The peering `from` has towards `to`, if any.
    func peering(from: VirtualNetwork, to: VirtualNetwork) -> VirtualNetwork.Peering? {
        let target = to.id(subscription: account.subscriptionID)
        return from.peerings.first { ResourceID($0.remoteVirtualNetworkID) == target }
    }

    /// `Connected` when the remote VNet peers back, `Initiated` when it does not (yet), and
    /// `Disconnected` when the remote VNet is gone.
    func peeringState(_ peering: VirtualNetwork.Peering, of vnet: VirtualNetwork) -> String {
        guard let remote = vnetIndex(reference: peering.remoteVirtualNetworkID, defaultGroup: vnet.resourceGroup) else {
            return "Disconnected"
        }
        return self.peering(from: virtualNetworks[remote], to: vnet) == nil ? "Initiated" : "Connected"
    }

    /// The workload and management VNets of `cluster`, when both exist.
    private func networks(of cluster: WorkloadCluster) -> (workload: VirtualNetwork, management: VirtualNetwork)? {
        guard let index = vnetIndex(group: cluster.resourceGroup, name: cluster.vnetName),
            let management = managedCluster(named: cluster.managementCluster).flatMap(managementNetwork(of:))
        else { return nil }
        return (virtualNetworks[index], management)
    }

    /// When both peerings between the cluster's VNet and the management VNet existed; nil if not both do.
    func peeredAt(_ cluster: WorkloadCluster) -> Date? {
        guard let pair = networks(of: cluster),
            let out = peering(from: pair.management, to: pair.workload),
            let back = peering(from: pair.workload, to: pair.management)
        else { return nil }
        return max(out.createdAt, back.createdAt)
    }

    /// The cluster's private DNS zone (named after its API server's public name).
    func privateZone(of cluster: WorkloadCluster) -> PrivateDNSZone? {
        zoneIndex(group: cluster.resourceGroup, name: cluster.publicDNSName).map { privateZones[$0] }
    }

    /// When the zone's `@` record first pointed at the ILB IP; nil if it does not.
    func recordedAt(_ cluster: WorkloadCluster) -> Date? {
        guard let address = cluster.internalIP, let zone = privateZone(of: cluster),
            let record = zone.recordSets.first(where: { $0.name == "@" }), record.addresses.contains(address)
        else { return nil }
        return max(record.modifiedAt, zone.createdAt)
    }

    /// When a CNI was installed into the cluster; nil if none is.
    func networkPluginAt(_ cluster: WorkloadCluster) -> Date? {
        helmReleases.filter { $0.cluster == cluster.name && $0.isNetworkPlugin }.map(\.installedAt).min()
    }

    /// The nodes registered in `cluster` at the current time, control plane first.
    ///
    /// A node is Ready once its machine runs and the CNI is installed, and — behind an ILB —
    /// the private DNS zone resolves the API server to the ILB and both peerings exist. The
    /// hairpin fault's single control-plane node never is.
    func nodes(of cluster: WorkloadCluster) -> [NodeState] {
        let plugin = networkPluginAt(cluster)
        let dns = cluster.internalIP == nil ? Date.distantPast : recordedAt(cluster)
        let peered = cluster.internalIP == nil ? Date.distantPast : peeredAt(cluster)
        return cluster.machines.compactMap { machine in
            guard let registered = cluster.nodeRegisteredAt(machine), registered <= now else { return nil }
            let hairpinned = cluster.hairpin && machine.role == .controlPlane
            guard !hairpinned, let running = cluster.runningAt(machine), let plugin, let dns, let peered else {
                return NodeState(machine: machine, registeredAt: registered, ready: false, since: registered)
            }
            let readyAt = max(running, plugin, dns, peered) + SimTimings.nodeReady
            return NodeState(
                machine: machine, registeredAt: registered, ready: now >= readyAt,
                since: now >= readyAt ? readyAt : registered)
        }
    }

    /// Whether the management cluster (the CAPZ controller) can reach the workload API server
    /// through the ILB: peerings both ways, the zone linked to the management VNet with its `@`
    /// record, and no NRMS rule on the management NSGs still denying TCP 6443.
    func managementReaches(_ cluster: WorkloadCluster) -> Bool {
        guard cluster.internalIP != nil else { return true }
        guard let pair = networks(of: cluster), peeredAt(cluster) != nil, recordedAt(cluster) != nil,
            let zone = privateZone(of: cluster),
            zone.links.contains(where: {
                ResourceID($0.virtualNetworkID) == pair.management.id(subscription: account.subscriptionID)
            })
        else { return false }
        guard let management = managedCluster(named: cluster.managementCluster) else { return false }
        let blocked = clusterSecurityGroupNames(management).contains { name in
            securityGroupIndex(group: name.group, name: name.name).map { index in
                securityGroups[index].rules.contains { $0.name.hasPrefix("NRMS-") && $0.blocks(tcpPort: "6443") }
            } ?? false
        }
        return !blocked
    }

    /// The control plane's ready replicas as KCP reports them.
    func readyControlPlaneReplicas(_ cluster: WorkloadCluster) -> Int {
        guard managementReaches(cluster) else { return 0 }
        return nodes(of: cluster).filter { $0.machine.role == .controlPlane && $0.ready }.count
    }

    /// Whether the workload API server answers through its public FQDN now.
    func apiServerAnswers(_ cluster: WorkloadCluster) -> Bool {
        guard let at = cluster.apiServerAt, now >= at else { return false }
        return loadBalancerIndex(group: cluster.resourceGroup, name: "\(cluster.name)-public-lb") != nil
    }
}
