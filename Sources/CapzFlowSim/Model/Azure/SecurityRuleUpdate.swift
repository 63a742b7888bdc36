/// The changes `az network nsg rule update` makes to a rule, applied the way the CLI applies them.
///
/// The CLI first moves every singular field into its plural list, applies the arguments, then
/// collapses any one-element list back into the singular field (`NSGRuleUpdate` in the network
/// module). Fields not given keep their values; the priority is kept unless `--priority` is given.
struct SecurityRuleUpdate: Equatable, Sendable {
    var access: String?
    var direction: String?
    var `protocol`: String?
    var priority: Int?
    var description: String?
    var sourceAddressPrefixes: [String]?
    var sourcePortRanges: [String]?
    var destinationAddressPrefixes: [String]?
    var destinationPortRanges: [String]?

    /// `rule` after the update.
    func applied(to rule: SecurityRule) -> SecurityRule {
        var updated = rule
        func expand(_ single: inout String?, _ plural: inout [String]) {
            if let value = single {
                plural = [value]
                single = nil
            }
        }
        expand(&updated.sourceAddressPrefix, &updated.sourceAddressPrefixes)
        expand(&updated.destinationAddressPrefix, &updated.destinationAddressPrefixes)
        expand(&updated.sourcePortRange, &updated.sourcePortRanges)
        expand(&updated.destinationPortRange, &updated.destinationPortRanges)

        if let access { updated.access = access }
        if let direction { updated.direction = direction }
        if let `protocol` { updated.protocol = Self.normalizedProtocol(`protocol`) }
        if let priority { updated.priority = priority }
        if let description { updated.description = description }
        if let sourceAddressPrefixes { updated.sourceAddressPrefixes = sourceAddressPrefixes }
        if let sourcePortRanges { updated.sourcePortRanges = sourcePortRanges }
        if let destinationAddressPrefixes { updated.destinationAddressPrefixes = destinationAddressPrefixes }
        if let destinationPortRanges { updated.destinationPortRanges = destinationPortRanges }

        func collapse(_ single: inout String?, _ plural: inout [String]) {
            if plural.count == 1 {
                single = plural[0]
                plural = []
            }
        }
        collapse(&updated.sourceAddressPrefix, &updated.sourceAddressPrefixes)
        collapse(&updated.destinationAddressPrefix, &updated.destinationAddressPrefixes)
        collapse(&updated.sourcePortRange, &updated.sourcePortRanges)
        collapse(&updated.destinationPortRange, &updated.destinationPortRanges)
        return updated
    }

    /// The protocol as ARM stores it (`TCP` → `Tcp`); nil for a value the CLI refuses.
    static func normalizedProtocol(_ value: String) -> String {
        allowedProtocols.first { $0.lowercased() == value.lowercased() } ?? value
    }

    /// The values `--protocol` accepts.
    static let allowedProtocols = ["*", "Ah", "Esp", "Icmp", "Tcp", "Udp"]
}
