import Foundation

/// An object applied to a management cluster with `kubectl apply`, kept as applied.
///
/// Status is not stored: kubectl computes it from the world when it prints the object, so it
/// always agrees with the Azure resources and machines the simulated controllers made.
struct KubeObject: Codable, Sendable, Equatable {
    /// The AKS cluster it lives in.
    var managementCluster: String
    /// Its `apiVersion`.
    var apiVersion: String
    /// Its `kind`.
    var kind: String
    /// Its namespace.
    var namespace: String
    /// Its name.
    var name: String
    /// The manifest as applied (without status).
    var manifest: JSONValue
    /// Its UID.
    var uid: String
    /// Bumped on each change.
    var generation: Int
    /// When it was created (simulated time).
    var createdAt: Date

    /// The kubectl view of its kind.
    var kubeKind: KubeKind { .of(kind: kind, apiVersion: apiVersion) }

    /// Its `spec`.
    var spec: JSONValue { manifest["spec"] }
}
