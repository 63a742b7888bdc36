import Foundation
import GRDB

extension EventStore {
    /// Stores batches of step output for a run, fenced by the runner's lease token.
    ///
    /// Output is kept apart from the event log: it has no sequence numbers and is never replayed.
    /// Its durability is `.deferred`: nothing acts on output, and the attempt's outcome or the
    /// next step's start syncs it, so a step that prints a lot is not slowed by one disk sync per
    /// batch.
    /// - Important: One transaction; a runner that lost its lease cannot add output to a run that
    ///   another runner now owns.
    /// - Throws: `StoreError.noSuchRun`, `.leaseLost`, `.busy`, `.diskFull`, `.readOnly`.
    public func appendLog(_ chunks: [NewLogChunk], to runId: String, leaseToken: String) throws(StoreError) {
        try write(.deferred) { db in
            _ = try EventLog.lastSeq(of: runId, in: db)
            try EventLog.requireLease(leaseToken, of: runId, in: db)
            for chunk in chunks {
                try LogChunkRecord(chunk, runId: runId).insert(db)
            }
        }
    }

    /// A run's stored output, in the order it was stored, optionally for one step or attempt.
    /// - Parameters:
    ///   - afterId: Only chunks with a greater id; a follower passes the last id it has shown.
    ///   - limit: At most this many chunks.
    /// - Throws: `StoreError` when the database cannot be read.
    public func logs(
        of runId: String, step: String? = nil, attempt: Int? = nil, afterId: Int64 = 0, limit: Int? = nil
    ) throws(StoreError) -> [StoredLogChunk] {
        try read { db in
            var request = LogChunkRecord
                .filter(LogChunkRecord.Columns.runId == runId && LogChunkRecord.Columns.id > afterId)
            if let step {
                request = request.filter(LogChunkRecord.Columns.step == step)
            }
            if let attempt {
                request = request.filter(LogChunkRecord.Columns.attempt == attempt)
            }
            request = request.order(LogChunkRecord.Columns.id)
            if let limit {
                request = request.limit(limit)
            }
            return try request.fetchAll(db).compactMap(\.stored)
        }
    }
}
