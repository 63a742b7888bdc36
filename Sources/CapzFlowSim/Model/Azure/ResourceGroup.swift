import Foundation

/// An Azure resource group.
struct ResourceGroup: Codable, Sendable, Equatable {
    /// Its name (case-insensitive, as in Azure).
    var name: String
    /// Its location.
    var location: String
    /// Its tags.
    var tags: [String: String] = [:]
    /// The resource that manages it (an AKS cluster's node resource group), if any.
    var managedBy: String?
    /// When it was created (simulated time).
    var createdAt: Date
}
