import Foundation

/// A network security group and its custom rules.
struct NetworkSecurityGroup: Codable, Sendable, Equatable {
    /// Its name.
    var name: String
    /// Its resource group.
    var resourceGroup: String
    /// Its location.
    var location: String
    /// Its custom rules (the six default rules are implied, as in Azure).
    var rules: [SecurityRule] = []
    /// Its tags.
    var tags: [String: String] = [:]
    /// Its resource GUID.
    var guid: String
    /// When it was created (simulated time).
    var createdAt: Date

    /// The rules the corporate NRMS policy injects: deny inbound TCP to well-known management
    /// ports (NRMS-Rule-101) and DNS/NTP over UDP (NRMS-Rule-103).
    static let nrmsRules = [
        SecurityRule(
            name: "NRMS-Rule-101", priority: 101, access: "Deny", direction: "Inbound", protocol: "Tcp",
            sourceAddressPrefix: "Internet", sourcePortRange: "*", destinationAddressPrefix: "*",
            destinationPortRanges: ["22", "443", "3389", "5985", "5986", "6443"],
            description: "DO NOT DELETE - Will result in ICM Sev 2 - Azure Core Security, see aka.ms/cainsgpolicy"),
        SecurityRule(
            name: "NRMS-Rule-103", priority: 103, access: "Deny", direction: "Inbound", protocol: "Udp",
            sourceAddressPrefix: "Internet", sourcePortRange: "*", destinationAddressPrefix: "*",
            destinationPortRanges: ["53", "123"],
            description: "DO NOT DELETE - Will result in ICM Sev 2 - Azure Core Security, see aka.ms/cainsgpolicy"),
    ]
}
