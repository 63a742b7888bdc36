import Foundation

/// An Azure virtual network with its subnets and its side of each peering.
struct VirtualNetwork: Codable, Sendable, Equatable {
    /// A subnet.
    struct Subnet: Codable, Sendable, Equatable {
        /// Its name.
        var name: String
        /// Its CIDR.
        var addressPrefix: String
        /// The NSG attached to it, by name, if any.
        var securityGroup: String?
    }

    /// One side of a peering, held by the VNet it starts from.
    struct Peering: Codable, Sendable, Equatable {
        /// Its name.
        var name: String
        /// The remote VNet's resource ID.
        var remoteVirtualNetworkID: String
        /// `--allow-vnet-access`.
        var allowVirtualNetworkAccess: Bool
        /// `--allow-forwarded-traffic`.
        var allowForwardedTraffic: Bool
        /// When it was created (simulated time).
        var createdAt: Date
    }

    /// Its name.
    var name: String
    /// Its resource group.
    var resourceGroup: String
    /// Its location.
    var location: String
    /// Its address space.
    var addressPrefixes: [String]
    /// Its subnets.
    var subnets: [Subnet] = []
    /// The peerings that start here.
    var peerings: [Peering] = []
    /// Its tags.
    var tags: [String: String] = [:]
    /// Its resource GUID.
    var guid: String
    /// When it was created (simulated time).
    var createdAt: Date

    /// Its resource ID in `subscription`.
    func id(subscription: String) -> ResourceID {
        ResourceID(
            subscription: subscription, resourceGroup: resourceGroup, provider: "Microsoft.Network",
            path: [("virtualNetworks", name)])
    }
}
