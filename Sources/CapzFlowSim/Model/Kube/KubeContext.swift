/// A context of the default kubeconfig that `az aks get-credentials` merged.
///
/// The simulator keeps these in the world instead of writing the user's `~/.kube/config`, so a
/// rehearsal never touches the real kubeconfig.
struct KubeContext: Codable, Sendable, Equatable {
    /// The context's name (the AKS cluster's name).
    var name: String
    /// The AKS cluster it points at.
    var cluster: String
    /// That cluster's resource group.
    var resourceGroup: String
}
