import Foundation
import GRDB

/// The checks and inserts every append shares, run inside the caller's write transaction.
///
/// They use cached statements: the fenced append is the runner's hot path, called after every
/// step transition.
enum EventLog {
    /// The run's last sequence number.
    /// - Throws: `StoreError.noSuchRun` when the run does not exist.
    static func lastSeq(of runId: String, in db: Database) throws -> Int {
        let statement = try db.cachedStatement(sql: "SELECT lastSeq FROM run WHERE id = ?")
        guard let lastSeq = try Int.fetchOne(statement, arguments: [runId]) else {
            throw StoreError.noSuchRun(runId)
        }
        return lastSeq
    }

    /// The run's current lease row, if any.
    static func lease(of runId: String, in db: Database) throws -> LeaseRecord? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM lease WHERE runId = ?")
        return try LeaseRecord.fetchOne(statement, arguments: [runId])
    }

    /// Checks that `token` is the run's current lease: the fence that stops a runner which lost
    /// the run from writing.
    /// - Throws: `StoreError.leaseLost` naming the current holder, or nil when there is none.
    static func requireLease(_ token: String, of runId: String, in db: Database) throws {
        // The token alone on the hot path; the whole row (three times to decode) only to name
        // the holder in the refusal.
        let statement = try db.cachedStatement(sql: "SELECT token FROM lease WHERE runId = ?")
        if try String.fetchOne(statement, arguments: [runId]) == token { return }
        let holder = try lease(of: runId, in: db)
        guard let holder, holder.token == token else {
            let holderName = holder.map { "pid \($0.pid) on \($0.host)" } ?? "none"
            EventStore.logger.debug(
                "fenced write refused: lease lost", metadata: ["run": "\(runId)", "holder": "\(holderName)"])
            throw StoreError.leaseLost(runId: runId, holder: holder?.lease)
        }
    }

    /// Checks that the run's log still ends where the writer expects.
    /// - Throws: `StoreError.sequenceConflict` when another writer appended meanwhile.
    static func requireLastSeq(_ actual: Int, equals expected: Int, of runId: String) throws {
        guard actual == expected else {
            throw StoreError.sequenceConflict(runId: runId, expected: expected, actual: actual)
        }
    }

    /// Inserts `events` after `lastSeq` (as lastSeq+1, lastSeq+2, …) and updates the run's
    /// summary; returns the new last sequence number.
    ///
    /// The caller has checked `lastSeq` in the same transaction, so the numbers have no gaps; the
    /// primary key (runId, seq) would refuse a duplicate anyway. `updatedAt` becomes the last
    /// event's time; the store never reads the clock.
    static func append(
        _ events: [NewEvent], to runId: String, after lastSeq: Int, status: RunStatusUpdate?, in db: Database
    ) throws -> Int {
        var seq = lastSeq
        // A cached statement rather than the record's Codable encoding: same columns and values
        // (times in `StoredTime`'s form, as every record writes them), a fraction of the work.
        let insert = try db.cachedStatement(sql: """
            INSERT INTO event (runId, seq, at, type, step, attempt, payload) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for event in events {
            seq += 1
            try insert.execute(arguments: [runId, seq, StoredTime.text(event.at), event.type, event.step, event.attempt, event.payload])
        }
        let updatedAt = events.last.map { StoredTime.text($0.at) }
        if let status {
            let statement = try db.cachedStatement(sql: """
                UPDATE run SET lastSeq = ?, updatedAt = COALESCE(?, updatedAt), status = ?, finishedAt = ?
                WHERE id = ?
                """)
            try statement.execute(arguments: [seq, updatedAt, status.status, status.finishedAt.map(StoredTime.text), runId])
        } else if !events.isEmpty {
            let statement = try db.cachedStatement(sql: "UPDATE run SET lastSeq = ?, updatedAt = ? WHERE id = ?")
            try statement.execute(arguments: [seq, updatedAt, runId])
        }
        return seq
    }
}
