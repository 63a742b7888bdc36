import Foundation

/// A private DNS zone with its virtual network links and A record sets.
struct PrivateDNSZone: Codable, Sendable, Equatable {
    /// A link from the zone to a VNet, so that VNet resolves the zone.
    struct Link: Codable, Sendable, Equatable {
        /// Its name.
        var name: String
        /// The linked VNet's resource ID.
        var virtualNetworkID: String
        /// Whether VMs in the VNet register records automatically.
        var registrationEnabled: Bool
        /// When it was created (simulated time).
        var createdAt: Date
    }

    /// An A record set.
    struct RecordSet: Codable, Sendable, Equatable {
        /// Its name relative to the zone (`@` for the apex).
        var name: String
        /// Its IPv4 addresses.
        var addresses: [String]
        /// Its TTL in seconds.
        var ttl: Int
        /// When it last changed (simulated time).
        var modifiedAt: Date
    }

    /// Its name (a domain).
    var name: String
    /// Its resource group.
    var resourceGroup: String
    /// Its VNet links.
    var links: [Link] = []
    /// Its A record sets.
    var recordSets: [RecordSet] = []
    /// Its tags.
    var tags: [String: String] = [:]
    /// When it was created (simulated time).
    var createdAt: Date
}
