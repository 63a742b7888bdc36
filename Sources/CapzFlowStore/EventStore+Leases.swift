import Foundation
import GRDB

extension EventStore {
    /// Takes a run's lease, replacing the lease the caller saw (or none), and appends the events
    /// that record it, in one transaction.
    ///
    /// This is how a runner resumes a run or takes over from a dead one: it reads the lease,
    /// decides the holder is gone, then calls this with that holder's token. If two runners race,
    /// exactly one wins; the other learns who holds the run.
    /// - Parameters:
    ///   - lease: The new lease; `lease.runId` names the run.
    ///   - previousToken: The token of the lease being replaced, or nil when the caller saw none.
    ///   - events: Events such as `run.resumed` or `lease.taken_over`, after `expectedLastSeq`.
    ///   - expectedLastSeq: The last sequence number the caller has seen.
    ///   - status: A new status summary, if it changed.
    /// - Returns: The new last sequence number.
    /// - Important: The lease and the events commit together, so the log always records who took
    ///   the run and when.
    /// - Throws: `StoreError.noSuchRun`; `.leaseHeld` when the current lease is not the one the
    ///   caller saw (another runner holds it); `.leaseLost(holder: nil)` when the caller expected
    ///   a lease that has since been released; `.sequenceConflict`, `.busy`, `.diskFull`.
    public func takeLease(
        _ lease: Lease, replacing previousToken: String?, events: [NewEvent], expectedLastSeq: Int,
        status: RunStatusUpdate?
    ) throws(StoreError) -> Int {
        let runId = lease.runId
        return try write { db in
            let lastSeq = try EventLog.lastSeq(of: runId, in: db)
            let current = try EventLog.lease(of: runId, in: db)
            switch (current, previousToken) {
            case (nil, nil):
                break
            case (let current?, let previousToken?) where current.token == previousToken:
                break
            case (let current?, _):
                throw StoreError.leaseHeld(runId: runId, holder: current.lease)
            case (nil, _?):
                throw StoreError.leaseLost(runId: runId, holder: nil)
            }
            try EventLog.requireLastSeq(lastSeq, equals: expectedLastSeq, of: runId)
            try LeaseRecord(lease).upsert(db)
            Self.logger.debug("lease taken", metadata: ["run": "\(runId)", "pid": "\(lease.pid)"])
            return try EventLog.append(events, to: runId, after: expectedLastSeq, status: status, in: db)
        }
    }

    /// Records that the lease holder is alive and extends its lease.
    /// - Important: Only the holder can extend its lease: a runner whose heartbeat fails with
    ///   `.leaseLost` has been taken over and must stop.
    /// - Throws: `StoreError.leaseLost` with the current holder (or nil), `.busy`, `.diskFull`.
    public func heartbeat(runId: String, token: String, at: Date, expiresAt: Date) throws(StoreError) {
        try write { db in
            let updated = try Self.leaseRow(of: runId, heldBy: token).updateAll(
                db, LeaseRecord.Columns.heartbeatAt.set(to: StoredTime.text(at)), LeaseRecord.Columns.expiresAt.set(to: StoredTime.text(expiresAt)))
            if updated == 0 {
                throw StoreError.leaseLost(runId: runId, holder: try EventLog.lease(of: runId, in: db)?.lease)
            }
        }
    }

    /// Gives up the caller's lease of a run, when its runner stops (finished, interrupted, failed).
    ///
    /// Releasing is best effort and idempotent: when the lease is already gone or another runner
    /// holds it, nothing happens, and that other runner's lease is never removed.
    /// - Throws: `StoreError.busy`, `.diskFull`, `.readOnly`.
    public func releaseLease(runId: String, token: String) throws(StoreError) {
        try write { db in
            if try Self.leaseRow(of: runId, heldBy: token).deleteAll(db) == 0 {
                Self.logger.debug("lease already released or taken over", metadata: ["run": "\(runId)"])
            }
        }
    }

    /// The run's current lease, or nil when no runner holds it (or there is no such run).
    ///
    /// A caller decides from it whether the holder is alive (pid, process start, host, expiry)
    /// before trying to take the lease over.
    /// - Throws: `StoreError` when the database cannot be read.
    public func lease(of runId: String) throws(StoreError) -> Lease? {
        try read { db in try EventLog.lease(of: runId, in: db)?.lease }
    }

    /// The lease row of `runId`, only while `token` holds it.
    private static func leaseRow(of runId: String, heldBy token: String) -> QueryInterfaceRequest<LeaseRecord> {
        LeaseRecord.filter(LeaseRecord.Columns.runId == runId && LeaseRecord.Columns.token == token)
    }
}
