import Foundation

/// An Azure role assignment.
struct RoleAssignment: Codable, Sendable, Equatable {
    /// Its name (a GUID).
    var name: String
    /// The assignee's object ID.
    var principalID: String
    /// `ServicePrincipal`, `User`, …
    var principalType: String
    /// The role's name, such as `Contributor`.
    var role: String
    /// The scope, such as `/subscriptions/SUB`.
    var scope: String
    /// When it was created (simulated time).
    var createdAt: Date
}
