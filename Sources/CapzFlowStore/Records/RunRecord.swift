import Foundation
import GRDB

/// A row of the `run` table: a run's pinned workflow and the summary kept with its events.
struct RunRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "run"

    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredTime.encoding }

    var id: String
    var workflow: String
    var workflowPath: String
    var definition: String
    var definitionHash: String
    var params: String
    var createdAt: Date
    var status: String
    var finishedAt: Date?
    var lastSeq: Int
    var updatedAt: Date

    /// The table's columns, for queries.
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let workflow = Column(CodingKeys.workflow)
        static let createdAt = Column(CodingKeys.createdAt)
        static let status = Column(CodingKeys.status)
        static let lastSeq = Column(CodingKeys.lastSeq)
    }

    /// Makes the row of a new run, before any of its events is appended.
    init(_ run: NewRun, status: RunStatusUpdate) {
        self.id = run.id
        self.workflow = run.workflow
        self.workflowPath = run.workflowPath
        self.definition = run.definition
        self.definitionHash = run.definitionHash
        self.params = run.params
        self.createdAt = run.createdAt
        self.status = status.status
        self.finishedAt = status.finishedAt
        self.lastSeq = 0
        self.updatedAt = run.createdAt
    }

    /// The row as the public value type.
    var stored: StoredRun {
        StoredRun(
            id: id, workflow: workflow, workflowPath: workflowPath, definition: definition,
            definitionHash: definitionHash, params: params, createdAt: createdAt, status: status,
            finishedAt: finishedAt, lastSeq: lastSeq, updatedAt: updatedAt)
    }
}
