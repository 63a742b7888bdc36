import Foundation

/// Everything that can go wrong in the event store, each with a message that says what happened
/// and what to do next.
///
/// Every SQLite error that leaves the store is first mapped to one of these cases (see
/// `StoreError+SQLite.swift`), so callers handle store failures without knowing about SQLite.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The database file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The file is not an SQLite database, is another program's, or is damaged or truncated.
    case notADatabase(path: String)
    /// The database cannot be written: the file or its folder is read-only, or it was moved away.
    case readOnly(path: String)
    /// A newer capzflow migrated the database; this build refuses to write to it.
    case newerSchema(path: String)
    /// Another process kept the database locked for longer than the busy timeout.
    case busy(path: String)
    /// The disk holding the database is full.
    case diskFull(path: String)
    /// The process may not write files this large (`ulimit -f`), so the database cannot grow.
    case fileTooLarge(path: String, limit: UInt64)
    /// The path no longer names the file the store opened: it was deleted, or it or its folder
    /// was moved, while capzflow had it open.
    case movedAway(path: String)
    /// A run with this id already exists.
    case runExists(String)
    /// No run has this id.
    case noSuchRun(String)
    /// The caller's lease token is not the run's current lease: it must stop writing.
    case leaseLost(runId: String, holder: Lease?)
    /// Another runner holds the run's lease.
    case leaseHeld(runId: String, holder: Lease)
    /// The run's log has moved on since the caller last read it.
    case sequenceConflict(runId: String, expected: Int, actual: Int)
    /// A value broke a rule of the schema (for example a payload that is not a JSON object).
    case invalidRecord(reason: String)
    /// Any other failure, with SQLite's own words.
    case other(String)

    /// A message for the person at the terminal: what happened, then what to do next.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "Cannot open the state database at \(path): \(reason). "
                + "Check that the path names a file in a folder you can write to."
        case .notADatabase(let path):
            "\(path) is not a capzflow state database: it is not SQLite, it is another program's database, "
                + "or it is damaged or truncated. Move it aside (with its -wal and -shm "
                + "files) and use a fresh state file, or restore it from a backup."
        case .readOnly(let path):
            "The state database \(path) cannot be written: the file or its folder is read-only, "
                + "or the file was moved away while capzflow had it open. Make it writable "
                + "(folder 0700, file 0600, owned by you) and retry."
        case .newerSchema(let path):
            "The state database \(path) was upgraded by a newer capzflow; this build does not know its "
                + "schema and wrote nothing to it. Use that newer capzflow (or a newer build) with this file."
        case .busy(let path):
            "Another capzflow process held the state database \(path) for too long, so this change was "
                + "not saved. Retry the command; if it keeps happening, look for a stuck capzflow process."
        case .diskFull(let path):
            "The disk holding the state database \(path) is full, so this change was not saved. "
                + "Free some space and retry."
        case .fileTooLarge(let path, let limit):
            "The state database \(path) cannot grow: this process may not write files larger than \(limit) bytes "
                + "(its file size limit, `ulimit -f`), so this change was not saved. Raise the limit "
                + "(`ulimit -f unlimited`) and retry."
        case .movedAway(let path):
            "The state database \(path) is no longer there: it was deleted, or it or its folder was moved, while "
                + "capzflow had it open, so this change was not saved. Put it back (with its -wal and -shm files) "
                + "or point --state at where it is now, and retry."
        case .runExists(let id):
            "A run with id \(id) already exists. Choose another run id, or resume that run."
        case .noSuchRun(let id):
            "No run with id \(id) is in the state database. Check the id against the run history "
                + "and that you are using the right state file."
        case .leaseLost(let runId, let holder):
            "This runner no longer holds the lease of run \(runId) (\(Self.describeCurrent(holder))), so it "
                + "wrote nothing more. Another runner took the run over or released it; this one must stop."
        case .leaseHeld(let runId, let holder):
            "Run \(runId) is held by another runner (\(Self.describe(holder))). Wait for it to finish or "
                + "stop that process, then resume the run."
        case .sequenceConflict(let runId, let expected, let actual):
            "Run \(runId) has events up to \(actual) but this writer expected \(expected): another writer "
                + "appended meanwhile, and nothing was written. Reload the run's events and decide again."
        case .invalidRecord(let reason):
            "The state database refused a record that breaks its rules (\(reason)); nothing was written. "
                + "This is a bug in capzflow: please report it with this message."
        case .other(let message):
            "The state database failed: \(message). Retry; if it persists, report it with this message."
        }
    }

    /// Says who holds a lease now, for a runner that lost it.
    private static func describeCurrent(_ holder: Lease?) -> String {
        holder.map { "now held by \(describe($0))" } ?? "no runner holds it now"
    }

    /// Names a lease holder for a message.
    private static func describe(_ holder: Lease) -> String {
        "pid \(holder.pid) on \(holder.host), lease expires \(holder.expiresAt.formatted(.iso8601))"
    }
}
