import Foundation
import GRDB

/// A row of the `event` table, as read: one event of one run's append-only log. (Appends
/// insert through `EventLog.append`.)
struct EventRecord: Decodable, FetchableRecord, TableRecord {
    static let databaseTableName = "event"

    var runId: String
    var seq: Int
    var at: Date
    var type: String
    var step: String?
    var attempt: Int?
    var payload: String

    /// The table's columns, for queries.
    enum Columns {
        static let runId = Column(CodingKeys.runId)
        static let seq = Column(CodingKeys.seq)
    }

    /// The row as the public value type.
    var stored: StoredEvent {
        StoredEvent(runId: runId, seq: seq, at: at, type: type, step: step, attempt: attempt, payload: payload)
    }
}
