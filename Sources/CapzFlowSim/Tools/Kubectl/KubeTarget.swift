/// The cluster a kubectl (or helm) call talks to.
enum KubeTarget: Equatable {
    /// An AKS management cluster (the current context, or a kubeconfig naming it).
    case management(ManagedCluster)
    /// A workload cluster (a kubeconfig from its `<name>-kubeconfig` secret).
    case workload(WorkloadCluster)

    /// The cluster's name (the key of its helm releases).
    var name: String {
        switch self {
        case .management(let cluster): return cluster.name
        case .workload(let cluster): return cluster.name
        }
    }

    /// Finds the target of a call: `--kubeconfig FILE` (or `$KUBECONFIG` naming an existing
    /// file) by the cluster the file names, else `--context` or the current context of the
    /// default kubeconfig (kept in the world). Fails with kubectl's message when it is unknown
    /// or does not answer.
    static func resolve(
        kubeconfig: String?, context: String?, invocation: ToolInvocation, world: World
    ) -> Result<KubeTarget, KubeFailure> {
        var file = kubeconfig.map(invocation.resolve)
        if file == nil, let variable = invocation.environment["KUBECONFIG"], !variable.isEmpty {
            let path = invocation.resolve(variable)
            if let text = try? String(contentsOfFile: path, encoding: .utf8), Kubeconfig.clusterName(in: text) != nil {
                file = path
            }
        }
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                return .failure(
                    KubeFailure("error: error loading config file \"\(file)\": open \(file): no such file or directory"))
            }
            guard let name = Kubeconfig.clusterName(in: text) else {
                return .failure(KubeFailure("error: error loading config file \"\(file)\": no context is set"))
            }
            if let cluster = world.managedClusters.first(where: { $0.name == name }) {
                return reachable(.management(cluster), world: world)
            }
            if let index = world.workloadIndex(name) {
                return reachable(.workload(world.workloadClusters[index]), world: world)
            }
            return .failure(KubeFailure("Unable to connect to the server: dial tcp: lookup \(name): no such host"))
        }
        let contextName = context ?? world.currentContext
        guard let contextName else {
            return .failure(
                KubeFailure("The connection to the server localhost:8080 was refused - did you specify the right host or port?"))
        }
        guard let entry = world.kubeContexts.first(where: { $0.name == contextName }) else {
            return .failure(KubeFailure("error: context \"\(contextName)\" does not exist"))
        }
        guard let cluster = world.managedClusters.first(where: {
            World.same($0.name, entry.cluster) && World.same($0.resourceGroup, entry.resourceGroup)
        }) else {
            return .failure(KubeFailure("Unable to connect to the server: dial tcp: lookup \(entry.cluster): no such host"))
        }
        return reachable(.management(cluster), world: world)
    }

    private static func reachable(_ target: KubeTarget, world: World) -> Result<KubeTarget, KubeFailure> {
        switch target {
        case .management(let cluster):
            guard cluster.provisioningState(at: world.now) == "Succeeded" else {
                return .failure(KubeFailure("Unable to connect to the server: dial tcp: lookup \(cluster.fqdn): no such host"))
            }
        case .workload(let cluster):
            guard world.apiServerAnswers(cluster) else {
                let hasAddress = world.loadBalancerIndex(group: cluster.resourceGroup, name: "\(cluster.name)-public-lb") != nil
                return .failure(
                    KubeFailure(
                        hasAddress
                            ? "Unable to connect to the server: dial tcp \(cluster.publicDNSName):6443: i/o timeout"
                            : "Unable to connect to the server: dial tcp: lookup \(cluster.publicDNSName): no such host"))
            }
        }
        return .success(target)
    }
}

/// A kubectl (or helm) error: the message for stderr and exit 1.
struct KubeFailure: Error, Equatable {
    /// The message, without a trailing newline.
    let message: String

    /// A failure with `message`.
    init(_ message: String) {
        self.message = message
    }
}
