import Foundation
import GRDB
import Testing
@testable import CapzFlowStore

@Suite("Times in the database")
struct StoredTimeTests {
    @Test("the text form is GRDB's, in UTC, rounded to the millisecond, and reads back as the same time")
    func textForm() throws {
        let cases: [(Double, String)] = [
            (0, "1970-01-01 00:00:00.000"),
            (1_795_636_800.1234, "2026-11-25 20:00:00.123"),
            (1_795_636_800.1236, "2026-11-25 20:00:00.124"),
            (1_795_636_800.9996, "2026-11-25 20:00:01.000"),
            (951_782_400 + 86_399.5, "2000-02-29 23:59:59.500"),
            (-0.25, "1969-12-31 23:59:59.750"),
        ]
        for (seconds, text) in cases {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(StoredTime.text(date) == text)
            let back = try #require(Date.fromDatabaseValue(text.databaseValue))
            #expect(abs(back.timeIntervalSince1970 - (seconds * 1_000).rounded() / 1_000) < 0.000_001)
        }
        // The same text GRDB's own encoding writes (databases written before keep one form).
        let whole = Date(timeIntervalSince1970: 1_795_636_800.5)
        #expect(StoredTime.text(whole).databaseValue == whole.databaseValue)
    }

    @Test("a run's times are stored in that form and read back to the millisecond")
    func storedRun() throws {
        let folder = try TemporaryFolder()
        let store = try EventStore(path: folder.path("capzflow.sqlite"))
        try Fixture.createRun("r1", in: store, token: "token-1", events: 1)
        let run = try #require(try store.run("r1"))
        let texts = try DatabaseQueue(path: folder.path("capzflow.sqlite")).read { db in
            try Row.fetchOne(db, sql: "SELECT createdAt, updatedAt, (SELECT at FROM event WHERE runId = 'r1') AS at FROM run")
        }
        let row = try #require(texts)
        #expect(row["createdAt"] as String? == StoredTime.text(run.createdAt))
        #expect(row["updatedAt"] as String? == StoredTime.text(run.updatedAt))
        #expect(try #require(row["at"] as String?).wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/) != nil)
    }
}
