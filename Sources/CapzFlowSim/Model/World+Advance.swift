import Foundation

/// What time brings: the only place the world changes on its own.
extension World {
    /// Moves the world to simulated time `time` (never backwards) and applies everything due by
    /// then: AKS finishing, the NSGs and the NRMS policy, policy reverts, Tilt tasks finishing,
    /// and the CAPZ controller's work on each workload cluster.
    ///
    /// Everything here is keyed to scheduled times, so advancing in one step or in many gives
    /// the same world.
    mutating func advance(to time: Date) {
        if time > now { now = time }
        advanceManagedClusters()
        applyReverts()
        advanceTiltTasks()
        advanceWorkloadClusters()
    }

    private mutating func advanceManagedClusters() {
        for index in managedClusters.indices {
            let cluster = managedClusters[index]
            let groupsAt = cluster.readyAt + SimTimings.nsgAfterCluster + faults.nsgDelay
            if !cluster.securityGroupsCreated, now >= groupsAt {
                createClusterSecurityGroups(cluster, at: groupsAt)
                managedClusters[index].securityGroupsCreated = true
            }
            let rulesAt = groupsAt + SimTimings.nrmsAfterNSG
            if managedClusters[index].securityGroupsCreated, !cluster.nrmsRulesAdded, now >= rulesAt {
                for name in clusterSecurityGroupNames(cluster) {
                    guard let nsg = securityGroupIndex(group: name.group, name: name.name) else { continue }
                    for rule in NetworkSecurityGroup.nrmsRules where !securityGroups[nsg].rules.contains(where: { $0.name == rule.name }) {
                        securityGroups[nsg].rules.append(rule)
                    }
                }
                managedClusters[index].nrmsRulesAdded = true
            }
        }
    }

    /// The NSGs that appear for an AKS cluster: the agent pool's in the node resource group, and
    /// the one the corporate policy puts on the cluster's subnet in the cluster's resource group.
    func clusterSecurityGroupNames(_ cluster: ManagedCluster) -> [(group: String, name: String)] {
        var names = [(group: cluster.nodeResourceGroup, name: cluster.agentPoolSecurityGroup)]
        if let subnet = cluster.subnetID.flatMap(ResourceID.init),
            let vnet = subnet.name(ofType: "virtualNetworks"), let subnetName = subnet.name(ofType: "subnets")
        {
            names.append((group: cluster.resourceGroup, name: "\(vnet)-\(subnetName)-nsg-\(cluster.location)"))
        }
        return names
    }

    private mutating func createClusterSecurityGroups(_ cluster: ManagedCluster, at time: Date) {
        for name in clusterSecurityGroupNames(cluster) where groupIndex(name.group) != nil {
            guard securityGroupIndex(group: name.group, name: name.name) == nil else { continue }
            securityGroups.append(
                NetworkSecurityGroup(
                    name: name.name, resourceGroup: name.group, location: cluster.location,
                    guid: random.guid(), createdAt: time))
            if name.group != cluster.nodeResourceGroup, let subnet = cluster.subnetID.flatMap(ResourceID.init),
                let vnetName = subnet.name(ofType: "virtualNetworks"),
                let vnet = vnetIndex(group: subnet.resourceGroup, name: vnetName),
                let position = virtualNetworks[vnet].subnets.firstIndex(where: { World.same($0.name, subnet.name) })
            {
                virtualNetworks[vnet].subnets[position].securityGroup = name.name
            }
        }
    }

    private mutating func applyReverts() {
        let due = scheduledReverts.filter { $0.at <= now }
        scheduledReverts.removeAll { $0.at <= now }
        for revert in due {
            guard let nsg = securityGroupIndex(group: revert.resourceGroup, name: revert.securityGroup),
                let rule = securityGroups[nsg].rules.firstIndex(where: { $0.name == revert.rule.name })
            else { continue }
            securityGroups[nsg].rules[rule] = revert.rule
        }
    }

    private mutating func advanceTiltTasks() {
        guard var session = tilt else { return }
        for index in session.triggers.indices where !session.triggers[index].done {
            let trigger = session.triggers[index]
            guard now >= trigger.finishAt else { continue }
            if trigger.resource == TiltSession.allowPortsResource {
                session.extraLogs += allowPortsTask(session: session, at: trigger.finishAt)
            }
            session.triggers[index].done = true
        }
        tilt = session
    }

    /// The Tilt task "allow required ports on mgmt cluster": opens the ports in every NSG of the
    /// node and AKS resource groups that has both NRMS rules, and, like the real task, skips
    /// (and still succeeds) where they are missing.
    private mutating func allowPortsTask(session: TiltSession, at time: Date) -> [TiltSession.LogLine] {
        var lines: [TiltSession.LogLine] = []
        func log(_ text: String) {
            lines.append(.init(at: time, resource: TiltSession.allowPortsResource, text: text))
        }
        guard let cluster = session.managementCluster.flatMap(managedCluster(named:)) else {
            log("Timeout waiting for NSGs in resource group ''")
            return lines
        }
        for group in [cluster.nodeResourceGroup, cluster.resourceGroup] {
            let groups = securityGroups(in: group)
            if groups.isEmpty {
                log("Timeout waiting for NSGs in resource group '\(group)'")
                continue
            }
            for nsg in groups {
                let names = Set(nsg.rules.map(\.name))
                guard names.contains("NRMS-Rule-101"), names.contains("NRMS-Rule-103") else {
                    log("Timeout waiting for NRMS rules in NSG '\(nsg.name)' in RG '\(group)'. Skipping NSG.")
                    continue
                }
                updateRule(group: group, nsg: nsg.name, name: "NRMS-Rule-101", protocol: "Tcp", ports: ["443", "6443"])
                updateRule(group: group, nsg: nsg.name, name: "NRMS-Rule-103", protocol: "Udp", ports: ["53"])
                log("Updated NRMS-Rule-101 and NRMS-Rule-103 in NSG '\(nsg.name)' in RG '\(group)'")
            }
        }
        log("NSG NRMS rule check and modification complete.")
        return lines
    }

    /// Opens an NRMS rule as the allow-ports task does, honouring `rule-revert`.
    private mutating func updateRule(group: String, nsg: String, name: String, protocol: String, ports: [String]) {
        guard let index = securityGroupIndex(group: group, name: nsg),
            let position = securityGroups[index].rules.firstIndex(where: { $0.name == name })
        else { return }
        var update = SecurityRuleUpdate()
        update.access = "Allow"
        update.direction = "Inbound"
        update.protocol = `protocol`
        update.destinationPortRanges = ports
        update.sourceAddressPrefixes = ["*"]
        update.destinationAddressPrefixes = ["*"]
        update.sourcePortRanges = ["*"]
        let before = securityGroups[index].rules[position]
        securityGroups[index].rules[position] = update.applied(to: before)
        schedulePolicyRevert(group: group, nsg: nsg, original: before)
    }

    /// Schedules the policy's revert of an NRMS rule just changed, while `rule-revert` lasts.
    mutating func schedulePolicyRevert(group: String, nsg: String, original: SecurityRule) {
        guard original.name.hasPrefix("NRMS-Rule-"), faults.ruleReverts > 0 else { return }
        faults.ruleReverts -= 1
        let policyRule = NetworkSecurityGroup.nrmsRules.first { $0.name == original.name } ?? original
        scheduledReverts.append(
            ScheduledRevert(resourceGroup: group, securityGroup: nsg, rule: policyRule, at: now + SimTimings.ruleRevert))
    }

    private mutating func advanceWorkloadClusters() {
        for index in workloadClusters.indices.reversed() {
            var cluster = workloadClusters[index]
            if cluster.reconcileStart == nil,
                let started = managedCluster(named: cluster.managementCluster)?.controllerRunningAt, started <= now
            {
                cluster.reconcileStart = max(cluster.appliedAt, started)
            }
            if let since = cluster.deletingSince, now >= since + SimTimings.clusterDeletion {
                workloadClusters[index] = cluster
                removeWorkloadCluster(at: index)
                continue
            }
            if let at = cluster.groupAt, now >= at, !cluster.created.group {
                createWorkloadGroup(cluster, at: at)
                cluster.created.group = true
            }
            if let at = cluster.networkAt, now >= at, !cluster.created.network, groupIndex(cluster.resourceGroup) != nil {
                createWorkloadNetwork(cluster, at: at)
                cluster.created.network = true
            }
            if let at = cluster.publicLoadBalancerAt, now >= at, !cluster.created.publicLoadBalancer,
                groupIndex(cluster.resourceGroup) != nil
            {
                createPublicLoadBalancer(cluster, at: at)
                cluster.created.publicLoadBalancer = true
            }
            if let at = cluster.internalLoadBalancerAt, now >= at, !cluster.created.internalLoadBalancer,
                groupIndex(cluster.resourceGroup) != nil
            {
                createInternalLoadBalancer(cluster, at: at)
                cluster.created.internalLoadBalancer = true
            }
            workloadClusters[index] = cluster
        }
    }

    private mutating func createWorkloadGroup(_ cluster: WorkloadCluster, at time: Date) {
        if groupIndex(cluster.resourceGroup) == nil {
            resourceGroups.append(
                ResourceGroup(
                    name: cluster.resourceGroup, location: cluster.location,
                    tags: ["sigs.k8s.io_cluster-api-provider-azure_cluster_\(cluster.name)": "owned"], createdAt: time))
        }
        if faults.dnsZoneExists {
            faults.dnsZoneExists = false
            if zoneIndex(group: cluster.resourceGroup, name: cluster.publicDNSName) == nil {
                privateZones.append(
                    PrivateDNSZone(
                        name: cluster.publicDNSName, resourceGroup: cluster.resourceGroup,
                        createdAt: time - .seconds(86_400)))
            }
        }
    }

    private mutating func createWorkloadNetwork(_ cluster: WorkloadCluster, at time: Date) {
        let owned = ["sigs.k8s.io_cluster-api-provider-azure_cluster_\(cluster.name)": "owned"]
        let controlPlaneNSG = "\(cluster.name)-controlplane-nsg"
        let nodeNSG = "\(cluster.name)-node-nsg"
        for name in [controlPlaneNSG, nodeNSG] where securityGroupIndex(group: cluster.resourceGroup, name: name) == nil {
            var rules: [SecurityRule] = []
            if name == controlPlaneNSG {
                rules = [
                    SecurityRule(
                        name: "allow_ssh", priority: 2200, access: "Allow", direction: "Inbound", protocol: "Tcp",
                        sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*",
                        destinationPortRange: "22", description: "Allow SSH"),
                    SecurityRule(
                        name: "allow_apiserver", priority: 2201, access: "Allow", direction: "Inbound",
                        protocol: "Tcp", sourceAddressPrefix: "*", sourcePortRange: "*",
                        destinationAddressPrefix: "*", destinationPortRange: "6443", description: "Allow K8s API Server"),
                ]
            }
            securityGroups.append(
                NetworkSecurityGroup(
                    name: name, resourceGroup: cluster.resourceGroup, location: cluster.location, rules: rules,
                    tags: owned, guid: random.guid(), createdAt: time))
        }
        guard vnetIndex(group: cluster.resourceGroup, name: cluster.vnetName) == nil else { return }
        var subnets = cluster.subnets
        for index in subnets.indices {
            subnets[index].securityGroup = index == 0 ? controlPlaneNSG : nodeNSG
        }
        virtualNetworks.append(
            VirtualNetwork(
                name: cluster.vnetName, resourceGroup: cluster.resourceGroup, location: cluster.location,
                addressPrefixes: cluster.vnetPrefixes, subnets: subnets, tags: owned, guid: random.guid(),
                createdAt: time))
    }

    private mutating func createPublicLoadBalancer(_ cluster: WorkloadCluster, at time: Date) {
        let name = "\(cluster.name)-public-lb"
        guard loadBalancerIndex(group: cluster.resourceGroup, name: name) == nil else { return }
        let publicIP = ResourceID(
            subscription: account.subscriptionID, resourceGroup: cluster.resourceGroup, provider: "Microsoft.Network",
            path: [("publicIPAddresses", "\(cluster.name)-api-lb")])
        loadBalancers.append(
            LoadBalancer(
                name: name, resourceGroup: cluster.resourceGroup, location: cluster.location,
                frontends: [.init(name: "\(cluster.name)-api-lb", publicIPID: publicIP.text)],
                backendPool: "\(name)-backendPool",
                tags: ["sigs.k8s.io_cluster-api-provider-azure_cluster_\(cluster.name)": "owned"],
                guid: random.guid(), createdAt: time))
    }

    private mutating func createInternalLoadBalancer(_ cluster: WorkloadCluster, at time: Date) {
        let name = "\(cluster.name)-public-lb-internal"
        guard let address = cluster.internalIP, loadBalancerIndex(group: cluster.resourceGroup, name: name) == nil
        else { return }
        let subnet = ResourceID(
            subscription: account.subscriptionID, resourceGroup: cluster.resourceGroup, provider: "Microsoft.Network",
            path: [("virtualNetworks", cluster.vnetName), ("subnets", cluster.subnets.first?.name ?? "control-plane-subnet")])
        loadBalancers.append(
            LoadBalancer(
                name: name, resourceGroup: cluster.resourceGroup, location: cluster.location,
                frontends: [.init(name: "\(cluster.name)-internal-lb-private-ip", privateIP: address, subnetID: subnet.text)],
                backendPool: "\(cluster.name)-public-lb-backendPool-internal",
                tags: ["sigs.k8s.io_cluster-api-provider-azure_cluster_\(cluster.name)": "owned"],
                guid: random.guid(), createdAt: time))
    }
}
