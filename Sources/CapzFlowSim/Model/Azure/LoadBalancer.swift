import Foundation

/// An Azure load balancer as CAPZ builds them for the API server: the public one and the
/// internal one (ILB) of an `apiserver-ilb` flavor.
struct LoadBalancer: Codable, Sendable, Equatable {
    /// A frontend IP configuration: private (ILB) or public.
    struct Frontend: Codable, Sendable, Equatable {
        /// Its name.
        var name: String
        /// Its static private IP (ILB).
        var privateIP: String?
        /// The subnet the private IP is in, as a resource ID.
        var subnetID: String?
        /// The public IP resource it uses, as a resource ID.
        var publicIPID: String?
    }

    /// Its name.
    var name: String
    /// Its resource group.
    var resourceGroup: String
    /// Its location.
    var location: String
    /// Its frontends.
    var frontends: [Frontend]
    /// Its backend pool's name.
    var backendPool: String
    /// Its tags.
    var tags: [String: String] = [:]
    /// Its resource GUID.
    var guid: String
    /// When it was created (simulated time).
    var createdAt: Date

    /// Whether it is internal: its frontend has a private IP.
    var isInternal: Bool { frontends.contains { $0.privateIP != nil } }

    /// Its resource ID in `subscription`.
    func id(subscription: String) -> ResourceID {
        ResourceID(
            subscription: subscription, resourceGroup: resourceGroup, provider: "Microsoft.Network",
            path: [("loadBalancers", name)])
    }
}
