/// The az CLI's login state: whether a session exists, its subscriptions and the default one.
struct AzureAccount: Codable, Sendable, Equatable {
    /// A subscription the signed-in user can see.
    struct Subscription: Codable, Sendable, Equatable {
        /// The subscription GUID.
        var id: String
        /// Its display name.
        var name: String
        /// Its tenant GUID.
        var tenantID: String
    }

    /// Whether `az login` has run (and no expiry has ended the session since).
    var loggedIn = false
    /// The signed-in user (or service principal client ID).
    var user = "developer@contoso.com"
    /// `user` or `servicePrincipal`.
    var userType = "user"
    /// The subscriptions of the session.
    var subscriptions: [Subscription] = []
    /// The default subscription's ID.
    var currentSubscriptionID: String?

    /// The default subscription.
    var current: Subscription? {
        subscriptions.first { $0.id == currentSubscriptionID } ?? subscriptions.first
    }

    /// The default subscription's ID, or a placeholder that matches no resource.
    var subscriptionID: String { current?.id ?? "00000000-0000-0000-0000-000000000000" }
}
