/// How long things take in the simulated world (simulated time).
///
/// Chosen to keep the order real runs show (AKS is slow, NRMS rules come after the NSGs, nodes
/// wait for the CNI) while the whole happy path stays within a few real seconds at speed 1.
enum SimTimings {
    /// `az aks create` from request to `Succeeded`.
    static let aksProvisioning: Duration = .seconds(600)
    /// From the AKS cluster being ready to the NSGs of its resource groups existing.
    static let nsgAfterCluster: Duration = .seconds(120)
    /// From the NSGs existing to the policy adding NRMS-Rule-101 and NRMS-Rule-103.
    static let nrmsAfterNSG: Duration = .seconds(60)
    /// From an NRMS rule update to the policy reverting it (`rule-revert`).
    static let ruleRevert: Duration = .seconds(60)
    /// From `tilt up` to the Tiltfile having loaded (CAPI, CAAPH and cert-manager installed).
    static let tiltfileLoad: Duration = .seconds(120)
    /// From `tilt up` to the CAPZ manager binary being built.
    static let managerBuild: Duration = .seconds(150)
    /// From `tilt up` to the CAPZ and ASO controllers running.
    static let controllersReady: Duration = .seconds(180)
    /// From a client first seeing the CAPZ controller Ready to Tilt dying (`tilt-crash`).
    static let tiltCrash: Duration = .seconds(30)
    /// From the controllers running to Tilt dying when no client ever looked (`tilt-crash`).
    static let tiltUnobservedCrash: Duration = .seconds(3600)
    /// How long a triggered Tilt task runs.
    static let tiltTask: Duration = .seconds(60)
    /// How often a running `tilt up` looks at the world while something is due.
    static let tiltPoll: Duration = .seconds(20)
    /// How often it looks once everything has happened (it may run for days as a service).
    static let tiltIdlePoll: Duration = .seconds(600)
    /// From a workload cluster's manifests being applied to CAPZ creating its resource group.
    static let workloadGroup: Duration = .seconds(30)
    /// … to its VNet, subnets and NSGs.
    static let workloadNetwork: Duration = .seconds(60)
    /// … to its public load balancer (the internal one follows the VNet by the same amount).
    static let workloadLoadBalancer: Duration = .seconds(90)
    /// … to the first control-plane machine being created.
    static let firstControlPlane: Duration = .seconds(60)
    /// From a machine's creation (and its network) to it running.
    static let machineBoot: Duration = .seconds(45)
    /// Between control-plane machines joining, one after another.
    static let controlPlaneJoin: Duration = .seconds(30)
    /// From the first control plane running to the workers running.
    static let workerJoin: Duration = .seconds(30)
    /// From the last prerequisite (CNI, DNS, peerings, machine) to a node being Ready.
    static let nodeReady: Duration = .seconds(10)
    /// From `kubectl delete cluster` to the cluster and its resource group being gone.
    static let clusterDeletion: Duration = .seconds(120)
    /// az's default `--interval` for `wait` commands.
    static let azWaitInterval: Duration = .seconds(30)
    /// How often kubectl and tilt `wait` look again.
    static let kubeWaitInterval: Duration = .seconds(5)
    /// How long a synchronous az write (group, VNet, peering, zone) takes.
    static let azWrite: Duration = .seconds(5)
}
