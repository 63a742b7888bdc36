import Foundation

/// An AKS cluster: the management cluster, with what Tilt has installed into it.
struct ManagedCluster: Codable, Sendable, Equatable {
    /// Its name (also the kube context `get-credentials` makes).
    var name: String
    /// Its resource group.
    var resourceGroup: String
    /// Its location.
    var location: String
    /// Its Kubernetes version, without the `v`.
    var kubernetesVersion: String
    /// Nodes in its one agent pool.
    var nodeCount: Int
    /// The agent pool's VM size.
    var vmSize: String
    /// The resource group AKS manages for it.
    var nodeResourceGroup: String
    /// `--vnet-subnet-id`.
    var subnetID: String?
    /// `--service-cidr`.
    var serviceCidr: String?
    /// `--dns-service-ip`.
    var dnsServiceIP: String?
    /// `--max-pods`.
    var maxPods: Int
    /// Its tags.
    var tags: [String: String] = [:]
    /// `--enable-oidc-issuer`.
    var oidcIssuer = false
    /// `--enable-workload-identity`.
    var workloadIdentity = false
    /// The kubelet identity's resource ID.
    var kubeletIdentityID: String
    /// The API server's FQDN.
    var fqdn: String
    /// The digits of the agent pool's names (`aks-nodepool1-<digits>-vmss…`, `aks-agentpool-<digits>-nsg`).
    var poolDigits: String
    /// When it was requested (simulated time).
    var createdAt: Date
    /// When provisioning finishes.
    var readyAt: Date
    /// Whether the NSGs of its resource groups have been created.
    var securityGroupsCreated = false
    /// Whether the NRMS policy has added its rules to them.
    var nrmsRulesAdded = false
    /// When Tilt installed the CAPI CRDs (cert-manager, CAPI, CAAPH), if it has.
    var capiInstalledAt: Date?
    /// When the CAPZ controller started reconciling, if it has.
    var controllerRunningAt: Date?
    /// Whether the deployed CAPZ controller has the `APIServerILB` feature gate on.
    var apiServerILBGate = false

    /// `Creating` until `readyAt`, then `Succeeded`.
    func provisioningState(at now: Date) -> String {
        now < readyAt ? "Creating" : "Succeeded"
    }

    /// The name of the NSG AKS puts in the node resource group.
    var agentPoolSecurityGroup: String { "aks-agentpool-\(poolDigits)-nsg" }
}
