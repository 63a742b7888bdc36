import Foundation
import GRDB

/// A row of the `lease` table: the one lease a run may have.
struct LeaseRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "lease"

    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { StoredTime.encoding }

    var runId: String
    var token: String
    var pid: Int32
    var host: String
    /// SQLite integers are signed; the bit pattern keeps every `UInt64` exactly.
    var processStart: Int64
    var acquiredAt: Date
    var heartbeatAt: Date
    var expiresAt: Date

    /// The table's columns, for queries.
    enum Columns {
        static let runId = Column(CodingKeys.runId)
        static let token = Column(CodingKeys.token)
        static let heartbeatAt = Column(CodingKeys.heartbeatAt)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }

    /// Makes the row for a lease.
    init(_ lease: Lease) {
        self.runId = lease.runId
        self.token = lease.token
        self.pid = lease.pid
        self.host = lease.host
        self.processStart = Int64(bitPattern: lease.processStart)
        self.acquiredAt = lease.acquiredAt
        self.heartbeatAt = lease.heartbeatAt
        self.expiresAt = lease.expiresAt
    }

    /// The row as the public value type.
    var lease: Lease {
        Lease(
            runId: runId, token: token, pid: pid, host: host, processStart: UInt64(bitPattern: processStart),
            acquiredAt: acquiredAt, heartbeatAt: heartbeatAt, expiresAt: expiresAt)
    }
}
