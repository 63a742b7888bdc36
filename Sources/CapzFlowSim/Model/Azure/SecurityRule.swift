/// A rule of a network security group, with ARM's singular and plural fields.
///
/// ARM keeps both `destinationPortRange` and `destinationPortRanges` (and the same for the
/// address prefixes and source ports); `az network nsg rule update` fills the plural lists and
/// then collapses a one-element list into the singular field (reference §2.4).
struct SecurityRule: Codable, Sendable, Equatable {
    /// Its name.
    var name: String
    /// Its priority (100–4096); updates keep it.
    var priority: Int
    /// `Allow` or `Deny`.
    var access: String
    /// `Inbound` or `Outbound`.
    var direction: String
    /// `Tcp`, `Udp`, `*`, …
    var `protocol`: String
    /// Singular source prefix.
    var sourceAddressPrefix: String?
    /// Plural source prefixes.
    var sourceAddressPrefixes: [String] = []
    /// Singular source port range.
    var sourcePortRange: String?
    /// Plural source port ranges.
    var sourcePortRanges: [String] = []
    /// Singular destination prefix.
    var destinationAddressPrefix: String?
    /// Plural destination prefixes.
    var destinationAddressPrefixes: [String] = []
    /// Singular destination port range.
    var destinationPortRange: String?
    /// Plural destination port ranges.
    var destinationPortRanges: [String] = []
    /// Its description.
    var description: String?

    /// The destination ports, from whichever field holds them.
    var destinationPorts: [String] {
        destinationPortRange.map { [$0] } ?? destinationPortRanges
    }

    /// Whether the rule denies TCP traffic to `port`.
    func blocks(tcpPort port: String) -> Bool {
        access == "Deny" && covers(tcpPort: port)
    }

    /// Whether the rule applies to TCP traffic to `port`.
    func covers(tcpPort port: String) -> Bool {
        guard `protocol` == "Tcp" || `protocol` == "*" else { return false }
        return destinationPorts.contains { range in
            if range == "*" || range == port { return true }
            let bounds = range.split(separator: "-").compactMap { Int($0) }
            guard bounds.count == 2, let value = Int(port) else { return false }
            return bounds[0] <= value && value <= bounds[1]
        }
    }
}
