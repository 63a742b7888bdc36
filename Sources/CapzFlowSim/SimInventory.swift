/// What a simulated world holds, by kind: the names, so tests can count them ("exactly one of
/// everything" after a resume) and say which ones.
public struct SimInventory: Sendable, Equatable {
    /// Resource groups, by name.
    public var resourceGroups: [String]
    /// AKS clusters (management clusters), as `RG/NAME`.
    public var aksClusters: [String]
    /// CAPI `Cluster` objects in the management cluster (workload clusters), by name.
    public var workloadClusters: [String]
    /// Internal load balancers (a frontend with a private IP), as `RG/NAME`.
    public var internalLoadBalancers: [String]
    /// Private DNS zones, as `RG/NAME`.
    public var privateDNSZones: [String]
    /// VNet peerings, as `RG/VNET/NAME`.
    public var peerings: [String]
    /// Custom NSG rules (the NRMS policy's, for example), as `RG/NSG/NAME`.
    public var securityRules: [String]

    /// An inventory with these names.
    public init(
        resourceGroups: [String], aksClusters: [String], workloadClusters: [String],
        internalLoadBalancers: [String], privateDNSZones: [String], peerings: [String], securityRules: [String]
    ) {
        self.resourceGroups = resourceGroups
        self.aksClusters = aksClusters
        self.workloadClusters = workloadClusters
        self.internalLoadBalancers = internalLoadBalancers
        self.privateDNSZones = privateDNSZones
        self.peerings = peerings
        self.securityRules = securityRules
    }
}
