import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation

/// A run's status as people should see it: a run recorded `running` whose runner is gone
/// is `interrupted`.
enum LiveStatus {
    static func of(stored status: String, lease: Lease?) -> String {
        guard status == RunStatus.running.rawValue else { return status }
        guard let lease, LeaseLiveness.isAlive(lease) else { return RunStatus.interrupted.rawValue }
        return status
    }

    /// The lease of `runId` when its holder is alive.
    static func liveHolder(_ runId: String, store: EventStore) throws -> Lease? {
        guard let lease = try store.lease(of: runId), LeaseLiveness.isAlive(lease) else { return nil }
        return lease
    }
}
