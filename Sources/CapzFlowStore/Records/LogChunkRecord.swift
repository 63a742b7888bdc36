import Foundation
import GRDB

/// A row of the `logChunk` table: a batch of one step attempt's output lines.
struct LogChunkRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "logChunk"

    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredTime.encoding }

    /// Nil until inserted; SQLite then assigns the next id (AUTOINCREMENT: never reused).
    var id: Int64?
    var runId: String
    var step: String
    var attempt: Int
    var at: Date
    var text: String

    /// The table's columns, for queries.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let runId = Column(CodingKeys.runId)
        static let step = Column(CodingKeys.step)
        static let attempt = Column(CodingKeys.attempt)
    }

    /// Makes the row for a new chunk of run `runId`.
    init(_ chunk: NewLogChunk, runId: String) {
        self.id = nil
        self.runId = runId
        self.step = chunk.step
        self.attempt = chunk.attempt
        self.at = chunk.at
        self.text = chunk.text
    }

    /// The row as the public value type, or nil for a row that was never inserted.
    ///
    /// Every fetched row has an id: the column is the table's INTEGER PRIMARY KEY.
    var stored: StoredLogChunk? {
        guard let id else { return nil }
        return StoredLogChunk(id: id, runId: runId, step: step, attempt: attempt, at: at, text: text)
    }
}
