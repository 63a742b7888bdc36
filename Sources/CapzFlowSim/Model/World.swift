import Foundation

/// Everything the simulated tools know: Azure, the kube contexts and clusters, Tilt, the clock
/// and the faults. Stored as `world.json` in the run's world folder.
///
/// Tools only read and write this model; what happens on its own as time passes (AKS finishing,
/// the NRMS policy, the CAPZ controller's work) happens in `advance(to:)` and nowhere else.
struct World: Codable, Sendable, Equatable {
    /// The format of `world.json`, for future migrations.
    var formatVersion = 1
    /// The clock mapping real to simulated time.
    var clock: SimClock
    /// The simulated time the world has been advanced to.
    var now: Date
    /// The options it was created (or last reopened) with.
    var options: SimulationOptions
    /// The faults and what is left of each.
    var faults: FaultState
    /// Its random names and IDs.
    var random: SeededRandom
    /// The az login state.
    var account = AzureAccount()
    /// Resource provider registration states, by namespace.
    var providers: [String: String] = World.defaultProviders
    /// Resource groups.
    var resourceGroups: [ResourceGroup] = []
    /// Virtual networks (with subnets and peerings).
    var virtualNetworks: [VirtualNetwork] = []
    /// AKS clusters.
    var managedClusters: [ManagedCluster] = []
    /// User-assigned identities.
    var identities: [ManagedIdentity] = []
    /// Role assignments.
    var roleAssignments: [RoleAssignment] = []
    /// Network security groups.
    var securityGroups: [NetworkSecurityGroup] = []
    /// Load balancers.
    var loadBalancers: [LoadBalancer] = []
    /// Private DNS zones.
    var privateZones: [PrivateDNSZone] = []
    /// Contexts of the default kubeconfig.
    var kubeContexts: [KubeContext] = []
    /// The default kubeconfig's current context.
    var currentContext: String?
    /// Objects applied to management clusters.
    var kubeObjects: [KubeObject] = []
    /// Workload clusters the CAPZ controller is building.
    var workloadClusters: [WorkloadCluster] = []
    /// Helm releases, in every cluster.
    var helmReleases: [HelmRelease] = []
    /// The latest `tilt up` session.
    var tilt: TiltSession?
    /// NRMS rules the policy will put back, and when.
    var scheduledReverts: [ScheduledRevert] = []

    /// A rule update the policy will undo.
    struct ScheduledRevert: Codable, Sendable, Equatable {
        /// The NSG's resource group.
        var resourceGroup: String
        /// The NSG.
        var securityGroup: String
        /// The rule as the policy wants it.
        var rule: SecurityRule
        /// When the policy acts.
        var at: Date
    }

    /// The resource providers registered in a fresh subscription (the guide's list).
    static let defaultProviders = [
        "Microsoft.Compute": "Registered", "Microsoft.Network": "Registered",
        "Microsoft.ContainerService": "Registered", "Microsoft.ManagedIdentity": "Registered",
        "Microsoft.Authorization": "Registered", "Microsoft.ResourceHealth": "Registered",
        "Microsoft.Resources": "Registered", "Microsoft.ContainerRegistry": "Registered",
    ]

    /// A fresh world at real time `real` with `options`, its random choices seeded by `seed`.
    init(options: SimulationOptions, real: Date, seed: UInt64) {
        clock = SimClock(startingAt: real, speed: options.speed)
        now = real
        self.options = options
        faults = FaultState(options.faults)
        random = SeededRandom(seed: seed)
    }
}
