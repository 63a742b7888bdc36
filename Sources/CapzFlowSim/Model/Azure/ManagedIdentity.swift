/// A user-assigned managed identity (the AKS kubelet identity), with its federated credentials.
struct ManagedIdentity: Codable, Sendable, Equatable {
    /// A federated identity credential.
    struct FederatedCredential: Codable, Sendable, Equatable {
        /// Its name.
        var name: String
        /// The token issuer.
        var issuer: String
        /// The subject.
        var subject: String
        /// The audiences.
        var audiences: [String]
    }

    /// Its name.
    var name: String
    /// Its resource group.
    var resourceGroup: String
    /// Its location.
    var location: String
    /// Its client ID.
    var clientID: String
    /// Its principal (object) ID.
    var principalID: String
    /// Its tenant.
    var tenantID: String
    /// Its federated credentials.
    var federatedCredentials: [FederatedCredential] = []

    /// Its resource ID in `subscription`.
    func id(subscription: String) -> ResourceID {
        ResourceID(
            subscription: subscription, resourceGroup: resourceGroup, provider: "Microsoft.ManagedIdentity",
            path: [("userAssignedIdentities", name)])
    }
}
