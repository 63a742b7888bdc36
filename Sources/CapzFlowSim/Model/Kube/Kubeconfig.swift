import Foundation

/// The kubeconfig files the simulated tools write and read.
///
/// A kubeconfig names its cluster; `kubectl --kubeconfig FILE` reads that name back to know
/// which simulated cluster (the AKS management cluster or a workload cluster) it talks to.
enum Kubeconfig {
    /// The kubeconfig `az aks get-credentials --file` writes for an AKS cluster.
    static func managementCluster(_ cluster: ManagedCluster) -> String {
        let user = "clusterUser_\(cluster.resourceGroup)_\(cluster.name)"
        return document(
            cluster: cluster.name, server: "https://\(cluster.fqdn):443", context: cluster.name, user: user,
            credentials: [("client-certificate-data", fakeData("client certificate of \(user)")),
                          ("client-key-data", fakeData("client key of \(user)")),
                          ("token", .string(String(repeating: "0", count: 64)))])
    }

    /// The kubeconfig in a workload cluster's `<name>-kubeconfig` secret (key `value`).
    static func workloadCluster(_ cluster: WorkloadCluster) -> String {
        document(
            cluster: cluster.name, server: "https://\(cluster.publicDNSName):6443",
            context: "\(cluster.name)-admin@\(cluster.name)", user: "\(cluster.name)-admin",
            credentials: [("client-certificate-data", fakeData("client certificate of \(cluster.name)-admin")),
                          ("client-key-data", fakeData("client key of \(cluster.name)-admin"))])
    }

    private static func fakeData(_ text: String) -> JSONValue {
        .string(Data("simulated by capzflow-sim: \(text)".utf8).base64EncodedString())
    }

    private static func document(
        cluster: String, server: String, context: String, user: String, credentials: [(String, JSONValue)]
    ) -> String {
        let value: JSONValue = .object(
            JSONObject([
                ("apiVersion", "v1"),
                ("clusters", [
                    ["cluster": ["certificate-authority-data": fakeData("CA of \(cluster)"), "server": .string(server)],
                     "name": .string(cluster)],
                ]),
                ("contexts", [["context": ["cluster": .string(cluster), "user": .string(user)], "name": .string(context)]]),
                ("current-context", .string(context)),
                ("kind", "Config"),
                ("preferences", [:]),
                ("users", [["name": .string(user), "user": .object(JSONObject(credentials))]]),
            ]))
        return YAMLText.render(value)
    }

    /// The cluster name of the current context of kubeconfig `text`; nil when it has none.
    static func clusterName(in text: String) -> String? {
        guard let config = try? YAMLText.parse(text) else { return nil }
        let current = config["current-context"].stringValue
        let contexts = config["contexts"].arrayValue ?? []
        let context = contexts.first { $0["name"].stringValue == current } ?? contexts.first
        return context?["context"]["cluster"].stringValue
    }
}
