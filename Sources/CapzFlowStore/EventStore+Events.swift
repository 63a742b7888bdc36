import Foundation
import GRDB

extension EventStore {
    /// Appends a runner's events to its run, fenced by its lease token and the sequence number it
    /// expects: the runner's hot path, called after every transition before acting on it.
    ///
    /// - Parameters:
    ///   - events: The events, in order; they get sequence numbers `expectedLastSeq + 1`, ….
    ///   - runId: The run.
    ///   - expectedLastSeq: The last sequence number the caller has seen.
    ///   - leaseToken: The caller's lease token.
    ///   - status: A new status summary to write with the events, if it changed.
    ///   - durability: `.deferred` for events nothing will act on before the next durable write.
    /// - Returns: The new last sequence number.
    /// - Important: One transaction: the lease check, the sequence check, the events and the run's
    ///   summary all commit together or not at all. A runner that gets `.leaseLost` must stop
    ///   acting on the run at once: another runner owns it.
    /// - Throws: `StoreError.noSuchRun`, `.leaseLost` (the token is not the current lease),
    ///   `.sequenceConflict` (another writer appended meanwhile), `.invalidRecord`, `.busy`,
    ///   `.diskFull`, `.readOnly`.
    public func append(
        _ events: [NewEvent], to runId: String, expectedLastSeq: Int, leaseToken: String, status: RunStatusUpdate?,
        durability: Durability = .immediate
    ) throws(StoreError) -> Int {
        try write(durability) { db in
            let lastSeq = try EventLog.lastSeq(of: runId, in: db)
            try EventLog.requireLease(leaseToken, of: runId, in: db)
            try EventLog.requireLastSeq(lastSeq, equals: expectedLastSeq, of: runId)
            return try EventLog.append(events, to: runId, after: expectedLastSeq, status: status, in: db)
        }
    }

    /// Appends events that come from outside the runner (`signal`, `skip`, `cancel`) after whatever
    /// the run's last event is, without a lease.
    ///
    /// These commands must work while a runner holds the lease; the runner sees their events on
    /// its next read, and its own next fenced append fails with `.sequenceConflict`, telling it
    /// to reload.
    /// - Returns: The new last sequence number.
    /// - Important: One transaction; use it only for inputs to a run, never for a runner's own
    ///   transitions, which must be fenced.
    /// - Throws: `StoreError.noSuchRun`, `.invalidRecord`, `.busy`, `.diskFull`, `.readOnly`.
    @discardableResult
    public func appendUnfenced(
        _ events: [NewEvent], to runId: String, status: RunStatusUpdate?
    ) throws(StoreError) -> Int {
        try write { db in
            let lastSeq = try EventLog.lastSeq(of: runId, in: db)
            return try EventLog.append(events, to: runId, after: lastSeq, status: status, in: db)
        }
    }

    /// The run's events after sequence number `seq`, in order; empty for an unknown run.
    ///
    /// Replaying from 0 rebuilds the run's state; a follower passes the last `seq` it has shown.
    /// - Throws: `StoreError` when the database cannot be read.
    public func events(of runId: String, after seq: Int = 0, limit: Int? = nil) throws(StoreError) -> [StoredEvent] {
        try read { db in
            var request = EventRecord
                .filter(EventRecord.Columns.runId == runId && EventRecord.Columns.seq > seq)
                .order(EventRecord.Columns.seq)
            if let limit {
                request = request.limit(limit)
            }
            return try request.fetchAll(db).map(\.stored)
        }
    }
}
