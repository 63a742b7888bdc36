import Foundation

/// A workload cluster as the simulated CAPZ controller sees it: what its manifests asked for,
/// and the schedule on which its Azure resources and machines come up.
///
/// Created when `kubectl apply` brings a `Cluster` with its `AzureCluster` and
/// `KubeadmControlPlane`; everything after that is a function of time from the moment the
/// controller started reconciling it (`reconcileStart`), so `World.advance` can replay it.
struct WorkloadCluster: Codable, Sendable, Equatable {
    /// Its name (`Cluster` object, resource group, VNet prefix).
    var name: String
    /// Its namespace in the management cluster.
    var namespace: String
    /// The AKS cluster its objects live in.
    var managementCluster: String
    /// Its location.
    var location: String
    /// Its resource group (`AzureCluster.spec.resourceGroup`).
    var resourceGroup: String
    /// Its VNet's name.
    var vnetName: String
    /// Its VNet's address space.
    var vnetPrefixes: [String]
    /// Its subnets: name and CIDR, control plane first.
    var subnets: [VirtualNetwork.Subnet]
    /// The internal load balancer's private IP; nil when the flavor has no ILB.
    var internalIP: String?
    /// The API server's public DNS name (the private zone's name).
    var publicDNSName: String
    /// The Kubernetes version of its machines.
    var kubernetesVersion: String
    /// Its machines, control plane first.
    var machines: [Machine]
    /// The hairpin fault: the single control plane never becomes Ready.
    var hairpin: Bool
    /// Extra time before the VNet appears (`vnet-delay`).
    var networkDelay: Duration
    /// Extra time before the ILB appears (`ilb-delay`).
    var internalLBDelay: Duration
    /// When its manifests were first applied (simulated time).
    var appliedAt: Date
    /// When the CAPZ controller started reconciling it; nil until a controller runs.
    var reconcileStart: Date?
    /// When `kubectl delete cluster` asked for it to go, if it did.
    var deletingSince: Date?
    /// Which of its Azure resources `World.advance` has created.
    var created = CreatedResources()

    /// The Azure resources already materialised, so each is created once.
    struct CreatedResources: Codable, Sendable, Equatable {
        /// The resource group.
        var group = false
        /// The VNet, subnets and NSGs.
        var network = false
        /// The public load balancer.
        var publicLoadBalancer = false
        /// The internal load balancer.
        var internalLoadBalancer = false
    }

    /// The control-plane machines.
    var controlPlane: [Machine] { machines.filter { $0.role == .controlPlane } }

    /// The `KubeadmControlPlane` object's name.
    var controlPlaneName: String { "\(name)-control-plane" }

    /// When the resource group appears.
    var groupAt: Date? { reconcileStart.map { $0 + SimTimings.workloadGroup } }

    /// When the VNet, its subnets and NSGs appear.
    var networkAt: Date? { reconcileStart.map { $0 + SimTimings.workloadNetwork + networkDelay } }

    /// When the public load balancer appears.
    var publicLoadBalancerAt: Date? { reconcileStart.map { $0 + SimTimings.workloadLoadBalancer } }

    /// When the internal load balancer appears (after the VNet it lives in).
    var internalLoadBalancerAt: Date? {
        guard internalIP != nil, let start = reconcileStart, let networkAt else { return nil }
        return max(start + SimTimings.workloadLoadBalancer, networkAt + .seconds(30)) + internalLBDelay
    }

    /// When the first control-plane machine is created.
    var firstMachineAt: Date? { reconcileStart.map { $0 + SimTimings.firstControlPlane } }

    /// When the first control plane is running; nil for the hairpin fault (it never is).
    var initializedAt: Date? {
        guard !hairpin, let firstMachineAt, let networkAt else { return nil }
        let endpoint = internalLoadBalancerAt ?? publicLoadBalancerAt ?? networkAt
        return max(firstMachineAt, networkAt, endpoint) + SimTimings.machineBoot
    }

    /// When the kubeconfig secret appears (KCP writes it as it creates the first machine).
    var kubeconfigAt: Date? { firstMachineAt.map { $0 + .seconds(30) } }

    /// When the API server answers from outside (the public FQDN): as soon as the first
    /// control plane's API server runs, which for the hairpin fault is before kubeadm gives up.
    var apiServerAt: Date? {
        if hairpin { return firstMachineAt.map { $0 + SimTimings.machineBoot } }
        return initializedAt
    }

    /// When `machine` exists as a CAPI Machine (and Azure VM); nil if not yet scheduled.
    func createdAt(_ machine: Machine) -> Date? {
        switch machine.role {
        case .controlPlane:
            if machine.ordinal == 0 { return firstMachineAt }
            return initializedAt.map { $0 + SimTimings.controlPlaneJoin * (machine.ordinal - 1) }
        case .worker:
            return initializedAt
        }
    }

    /// When `machine` is running with its node registered; nil if never (or not yet scheduled).
    func runningAt(_ machine: Machine) -> Date? {
        switch machine.role {
        case .controlPlane:
            if machine.ordinal == 0 { return initializedAt }
            return initializedAt.map { $0 + SimTimings.controlPlaneJoin * machine.ordinal }
        case .worker:
            return initializedAt.map { $0 + SimTimings.workerJoin }
        }
    }

    /// When `machine`'s node registers with the API server (it can be NotReady for good).
    func nodeRegisteredAt(_ machine: Machine) -> Date? {
        if hairpin, machine.role == .controlPlane, machine.ordinal == 0 { return apiServerAt }
        return runningAt(machine)
    }
}
