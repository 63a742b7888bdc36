/// An Azure Resource Manager resource ID, built and read the way ARM spells them.
///
/// `/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/NAME[/subnets/S]`.
/// Reading is case-insensitive in the fixed parts, as ARM is (AKS spells `resourcegroups`).
struct ResourceID: Equatable, Sendable {
    /// The subscription GUID.
    var subscription: String
    /// The resource group name.
    var resourceGroup: String
    /// The provider namespace, such as `Microsoft.Network`.
    var provider: String
    /// Type/name pairs below the provider: `[("virtualNetworks", "v"), ("subnets", "s")]`.
    var path: [(type: String, name: String)]

    static func == (left: ResourceID, right: ResourceID) -> Bool {
        left.text.lowercased() == right.text.lowercased()
    }

    /// The ID as text.
    var text: String {
        "/subscriptions/\(subscription)/resourceGroups/\(resourceGroup)/providers/\(provider)"
            + path.map { "/\($0.type)/\($0.name)" }.joined()
    }

    /// The name of the last resource in the path.
    var name: String { path.last?.name ?? "" }

    /// The name of the first path entry of `type` (compared case-insensitively), if any.
    func name(ofType type: String) -> String? {
        path.first { $0.type.lowercased() == type.lowercased() }?.name
    }

    /// An ID from its parts.
    init(subscription: String, resourceGroup: String, provider: String, path: [(String, String)]) {
        self.subscription = subscription
        self.resourceGroup = resourceGroup
        self.provider = provider
        self.path = path.map { (type: $0.0, name: $0.1) }
    }

    /// Reads `text`; nil when it is not a resource ID.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 9, parts[0].isEmpty, parts[1].lowercased() == "subscriptions",
            parts[3].lowercased() == "resourcegroups", parts[5].lowercased() == "providers",
            (parts.count - 7) % 2 == 0, !parts[2].isEmpty, !parts[4].isEmpty
        else { return nil }
        subscription = parts[2]
        resourceGroup = parts[4]
        provider = parts[6]
        path = stride(from: 7, to: parts.count, by: 2).map { (type: parts[$0], name: parts[$0 + 1]) }
        guard path.allSatisfy({ !$0.name.isEmpty }) else { return nil }
    }
}
