import Foundation
import GRDB
import Testing
@testable import CapzFlowStore

@Suite("Store errors")
struct StoreErrorTests {
    /// One SQLite result code and the store error it must become.
    struct Case: Sendable, CustomTestStringConvertible {
        let code: ResultCode
        let expected: StoreError
        var testDescription: String { "SQLite code \(code.rawValue) → \(expected)" }
    }

    static let path = "state/capzflow.sqlite"

    static let cases: [Case] = [
        Case(code: .SQLITE_BUSY, expected: .busy(path: path)),
        Case(code: ResultCode(rawValue: 517), expected: .busy(path: path)),  // SQLITE_BUSY_SNAPSHOT
        Case(code: .SQLITE_LOCKED, expected: .busy(path: path)),
        Case(code: .SQLITE_FULL, expected: .diskFull(path: path)),
        Case(code: .SQLITE_READONLY, expected: .readOnly(path: path)),
        Case(code: ResultCode(rawValue: 1032), expected: .readOnly(path: path)),  // SQLITE_READONLY_DBMOVED
        Case(code: .SQLITE_NOTADB, expected: .notADatabase(path: path)),
        Case(code: .SQLITE_CORRUPT, expected: .notADatabase(path: path)),
        Case(code: .SQLITE_CANTOPEN, expected: .cannotOpen(path: path, reason: "unable to open")),
        Case(code: .SQLITE_CONSTRAINT, expected: .invalidRecord(reason: "unable to open")),
        Case(code: .SQLITE_IOERR, expected: .other("SQLite error 10 on \(path): unable to open")),
    ]

    @Test("each SQLite failure becomes its store error", arguments: cases)
    func mapping(_ testCase: Case) {
        let error = DatabaseError(resultCode: testCase.code, message: "unable to open")
        #expect(StoreError(error, path: Self.path) == testCase.expected)
    }

    @Test("a store error passes through the mapping unchanged")
    func storeErrorsPassThrough() {
        let error = StoreError.sequenceConflict(runId: "r1", expected: 3, actual: 4)
        #expect(StoreError(error, path: Self.path) == error)
    }

    static let everyCase: [StoreError] = [
        .cannotOpen(path: path, reason: "permission denied"), .notADatabase(path: path), .readOnly(path: path),
        .newerSchema(path: path), .busy(path: path), .diskFull(path: path), .runExists("r1"),
        .noSuchRun("r1"), .leaseLost(runId: "r1", holder: nil),
        .leaseLost(runId: "r1", holder: Fixture.lease("r1", token: "t")),
        .leaseHeld(runId: "r1", holder: Fixture.lease("r1", token: "t")),
        .sequenceConflict(runId: "r1", expected: 3, actual: 4), .invalidRecord(reason: "CHECK failed"),
        .other("disk I/O error"),
    ]

    @Test("every message is two sentences or more and never says 'database is locked'", arguments: everyCase)
    func messages(_ error: StoreError) {
        let message = error.description
        #expect(!message.localizedCaseInsensitiveContains("database is locked"))
        #expect(message.split(separator: ". ").count >= 2, "say what happened, then what to do: \(message)")
        #expect(message.hasSuffix("."))
    }

    @Test("a held lease's message names the holder")
    func leaseHeldNamesHolder() {
        let message = StoreError.leaseHeld(runId: "r1", holder: Fixture.lease("r1", token: "t", pid: 777)).description
        #expect(message.contains("pid 777 on builder"))
    }
}
