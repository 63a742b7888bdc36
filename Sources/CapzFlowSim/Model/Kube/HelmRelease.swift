import Foundation

/// A Helm release installed into a simulated cluster.
struct HelmRelease: Codable, Sendable, Equatable {
    /// The cluster it is in: an AKS cluster's or a workload cluster's name.
    var cluster: String
    /// The release name.
    var name: String
    /// Its namespace.
    var namespace: String
    /// The chart's name, such as `tigera-operator`.
    var chart: String
    /// The chart's version.
    var chartVersion: String
    /// The app version the chart deploys.
    var appVersion: String
    /// `--set` values, in order.
    var values: [String]
    /// When it was installed (simulated time).
    var installedAt: Date

    /// Whether the release installs a CNI (Calico's operator), which nodes need to be Ready.
    var isNetworkPlugin: Bool { chart == "tigera-operator" }
}
