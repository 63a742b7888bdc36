import Foundation
import GRDB

extension EventStore {
    /// Creates a run with its lease and first events, in one transaction.
    ///
    /// Creating the run, taking its lease and recording `run.created` together means no other
    /// process can ever see a run without an owner or without its first event.
    ///
    /// - Parameters:
    ///   - run: The run and its pinned workflow.
    ///   - lease: The creating runner's lease; its `runId` must be `run.id`.
    ///   - events: The run's first events; they get sequence numbers 1…n.
    ///   - status: The run's initial status summary.
    /// - Returns: The last sequence number written (0 when `events` is empty).
    /// - Important: Nothing is written unless all of it is.
    /// - Throws: `StoreError.runExists` when the id is taken; `.invalidRecord` when the lease names
    ///   another run or a JSON column is not a JSON object; `.busy`, `.diskFull`, `.readOnly`.
    @discardableResult
    public func createRun(
        _ run: NewRun, lease: Lease, events: [NewEvent], status: RunStatusUpdate
    ) throws(StoreError) -> Int {
        guard lease.runId == run.id else {
            throw .invalidRecord(reason: "the lease names run \(lease.runId) but the new run is \(run.id)")
        }
        return try write { db in
            if try RunRecord.exists(db, key: run.id) {
                throw StoreError.runExists(run.id)
            }
            try RunRecord(run, status: status).insert(db)
            try LeaseRecord(lease).insert(db)
            return try EventLog.append(events, to: run.id, after: 0, status: nil, in: db)
        }
    }

    /// The run with this id, or nil when there is none.
    /// - Throws: `StoreError` when the database cannot be read.
    public func run(_ id: String) throws(StoreError) -> StoredRun? {
        try read { db in try RunRecord.fetchOne(db, key: id)?.stored }
    }

    /// The sequence number of the run's last event (0 before any), or nil when there is no such run.
    ///
    /// It reads the run's summary row, not the log, so a follower in another process can poll it
    /// cheaply to learn whether new events arrived.
    /// - Throws: `StoreError` when the database cannot be read.
    public func lastSeq(of runId: String) throws(StoreError) -> Int? {
        try read { db in
            try Int.fetchOne(db, RunRecord.select(RunRecord.Columns.lastSeq).filter(key: runId))
        }
    }

    /// The run history, newest first (by creation time, then id), optionally filtered.
    ///
    /// Each filter is served by an index ordered by creation time, so a `limit` reads only that
    /// many rows even with a very long history.
    /// - Parameters:
    ///   - status: Only runs whose status summary is this.
    ///   - workflow: Only runs of the workflow with this name.
    ///   - limit: At most this many runs.
    /// - Throws: `StoreError` when the database cannot be read.
    public func runs(
        status: String? = nil, workflow: String? = nil, limit: Int? = nil
    ) throws(StoreError) -> [StoredRun] {
        try read { db in
            try Self.runsRequest(status: status, workflow: workflow, limit: limit).fetchAll(db).map(\.stored)
        }
    }

    /// The query behind `runs(status:workflow:limit:)`; tests read its query plan.
    static func runsRequest(status: String?, workflow: String?, limit: Int?) -> QueryInterfaceRequest<RunRecord> {
        var request = RunRecord.all()
        if let status {
            request = request.filter(RunRecord.Columns.status == status)
        }
        if let workflow {
            request = request.filter(RunRecord.Columns.workflow == workflow)
        }
        request = request.order(RunRecord.Columns.createdAt.desc, RunRecord.Columns.id.desc)
        if let limit {
            request = request.limit(limit)
        }
        return request
    }
}
