/// What kubectl knows about a kind of object: its resource name, group and short names.
struct KubeKind: Equatable, Sendable {
    /// The kind, such as `KubeadmControlPlane`.
    var kind: String
    /// The plural resource name, such as `kubeadmcontrolplanes`.
    var plural: String
    /// The API group (empty for the core group).
    var group: String
    /// Short names kubectl accepts, such as `kcp`.
    var shortNames: [String] = []

    /// `plural.group`, as kubectl names the resource in messages (`clusters.cluster.x-k8s.io`).
    var qualifiedPlural: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// `kind.group` lower-cased, as `kubectl apply` and `-o name` print it (`cluster.cluster.x-k8s.io`).
    var qualifiedSingular: String {
        group.isEmpty ? kind.lowercased() : "\(kind.lowercased()).\(group)"
    }

    /// The kinds the simulated clusters serve.
    static let known: [KubeKind] = [
        KubeKind(kind: "Cluster", plural: "clusters", group: "cluster.x-k8s.io", shortNames: ["cl"]),
        KubeKind(kind: "AzureCluster", plural: "azureclusters", group: "infrastructure.cluster.x-k8s.io"),
        KubeKind(
            kind: "KubeadmControlPlane", plural: "kubeadmcontrolplanes", group: "controlplane.cluster.x-k8s.io",
            shortNames: ["kcp"]),
        KubeKind(kind: "AzureMachineTemplate", plural: "azuremachinetemplates", group: "infrastructure.cluster.x-k8s.io"),
        KubeKind(kind: "MachineDeployment", plural: "machinedeployments", group: "cluster.x-k8s.io", shortNames: ["md"]),
        KubeKind(kind: "KubeadmConfigTemplate", plural: "kubeadmconfigtemplates", group: "bootstrap.cluster.x-k8s.io"),
        KubeKind(kind: "AzureClusterIdentity", plural: "azureclusteridentities", group: "infrastructure.cluster.x-k8s.io"),
        KubeKind(kind: "Machine", plural: "machines", group: "cluster.x-k8s.io", shortNames: ["ma"]),
        KubeKind(kind: "Secret", plural: "secrets", group: ""),
        KubeKind(kind: "Node", plural: "nodes", group: "", shortNames: ["no"]),
        KubeKind(kind: "ConfigMap", plural: "configmaps", group: "", shortNames: ["cm"]),
        KubeKind(kind: "ClusterResourceSet", plural: "clusterresourcesets", group: "addons.cluster.x-k8s.io"),
    ]

    /// The kind a kubectl resource argument names: `cluster`, `clusters`,
    /// `clusters.cluster.x-k8s.io`, `clusters.v1beta1.cluster.x-k8s.io`, `kcp`, …
    static func named(_ argument: String) -> KubeKind? {
        let lowered = argument.lowercased()
        let head = lowered.split(separator: ".", maxSplits: 1).first.map(String.init) ?? lowered
        let rest = lowered.split(separator: ".", maxSplits: 1).dropFirst().first.map(String.init)
        return known.first { kind in
            let names = [kind.plural, kind.kind.lowercased()] + kind.shortNames
            guard names.contains(head) else { return false }
            guard let rest else { return true }
            return !kind.group.isEmpty && (rest == kind.group || rest.hasSuffix("." + kind.group))
        }
    }

    /// The kind of a manifest's `kind` and `apiVersion`; unknown kinds get a plural guessed the
    /// way kubectl's REST mapper does for simple names.
    static func of(kind: String, apiVersion: String) -> KubeKind {
        if let known = known.first(where: { $0.kind == kind }) { return known }
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
        return KubeKind(kind: kind, plural: kind.lowercased() + "s", group: group)
    }
}
