import GRDB

/// The one place where SQLite's result codes become `StoreError` cases.
extension StoreError {
    /// Maps any error thrown inside the store to a `StoreError`, keeping store errors as they are.
    ///
    /// A lasting `SQLITE_BUSY` gets our own message: SQLite's "database is locked" tells the user
    /// nothing about what to do.
    init(_ error: any Error, path: String) {
        if let storeError = error as? StoreError {
            self = storeError
            return
        }
        guard let databaseError = error as? DatabaseError else {
            self = .other("\(error)")
            return
        }
        let message = databaseError.message ?? "no details"
        switch databaseError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .busy(path: path)
        case .SQLITE_FULL:
            self = .diskFull(path: path)
        case .SQLITE_READONLY:
            self = .readOnly(path: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            self = .notADatabase(path: path)
        case .SQLITE_CANTOPEN:
            self = .cannotOpen(path: path, reason: message)
        case .SQLITE_CONSTRAINT:
            self = .invalidRecord(reason: message)
        case .SQLITE_IOERR where databaseError.extendedResultCode != .SQLITE_IOERR:
            // A failed write says only "disk I/O error"; name the limit behind it when there is one.
            self = WriteFailure.cause(path: path)
                ?? .other("SQLite error \(databaseError.extendedResultCode.rawValue) on \(path): \(message)")
        default:
            self = .other("SQLite error \(databaseError.extendedResultCode.rawValue) on \(path): \(message)")
        }
    }

    /// Whether the failure lies with the database file or the machine, not with the caller's data;
    /// these are worth a warning in the log.
    var isInfrastructure: Bool {
        switch self {
        case .cannotOpen, .notADatabase, .readOnly, .newerSchema, .busy, .diskFull, .fileTooLarge, .movedAway, .other:
            true
        case .runExists, .noSuchRun, .leaseLost, .leaseHeld, .sequenceConflict, .invalidRecord:
            false
        }
    }
}
