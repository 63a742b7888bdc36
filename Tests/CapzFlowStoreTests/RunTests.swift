import Foundation
import GRDB
import Testing
@testable import CapzFlowStore

@Suite("Creating and listing runs")
struct RunTests {
    let folder: TemporaryFolder
    let store: EventStore

    init() throws {
        folder = try TemporaryFolder()
        store = try EventStore(path: folder.path("capzflow.sqlite"))
    }

    @Test("createRun stores the run, its lease and its events numbered 1…n")
    func createRun() throws {
        let run = Fixture.run("r1", createdAt: 10)
        let lease = Fixture.lease("r1", token: "token-1")
        let events = Fixture.events(3, type: "run.created", from: 10)

        let lastSeq = try store.createRun(run, lease: lease, events: events, status: RunStatusUpdate(status: "running"))

        #expect(lastSeq == 3)
        #expect(try store.lease(of: "r1") == lease)
        #expect(try store.events(of: "r1").map(\.seq) == [1, 2, 3])
        #expect(try store.events(of: "r1").first == StoredEvent(
            runId: "r1", seq: 1, at: events[0].at, type: "run.created", step: "aks-create", attempt: 1,
            payload: events[0].payload))
        #expect(try store.run("r1") == StoredRun(
            id: "r1", workflow: run.workflow, workflowPath: run.workflowPath, definition: run.definition,
            definitionHash: run.definitionHash, params: run.params, createdAt: run.createdAt, status: "running",
            finishedAt: nil, lastSeq: 3, updatedAt: Fixture.date(12)))
    }

    @Test("createRun refuses a duplicate id and writes nothing")
    func duplicateRun() throws {
        try Fixture.createRun("r1", in: store, token: "token-1", events: 2)
        let before = try store.run("r1")

        #expect(throws: StoreError.runExists("r1")) {
            try store.createRun(
                Fixture.run("r1", workflow: "other", createdAt: 99), lease: Fixture.lease("r1", token: "token-2"),
                events: Fixture.events(5, from: 99), status: RunStatusUpdate(status: "failed"))
        }
        #expect(try store.run("r1") == before)
        #expect(try store.lease(of: "r1")?.token == "token-1")
        #expect(try store.events(of: "r1").count == 2)
    }

    @Test("createRun refuses a lease for another run")
    func leaseForAnotherRun() throws {
        #expect(throws: StoreError.invalidRecord(reason: "the lease names run r2 but the new run is r1")) {
            try store.createRun(
                Fixture.run("r1"), lease: Fixture.lease("r2", token: "t"), events: [],
                status: RunStatusUpdate(status: "running"))
        }
        #expect(try store.run("r1") == nil)
    }

    @Test("createRun refuses parameters that are not a JSON object")
    func paramsMustBeAnObject() throws {
        var run = Fixture.run("r1")
        run.params = "[1, 2]"
        #expect {
            try store.createRun(run, lease: Fixture.lease("r1", token: "t"), events: [], status: RunStatusUpdate(status: "running"))
        } throws: { error in
            guard case StoreError.invalidRecord = error else { return false }
            return true
        }
        #expect(try store.run("r1") == nil)
    }

    @Test("lastSeq is nil for an unknown run and follows the log")
    func lastSeq() throws {
        #expect(try store.lastSeq(of: "nope") == nil)
        try Fixture.createRun("r1", in: store, events: 0)
        #expect(try store.lastSeq(of: "r1") == 0)
        _ = try store.append(Fixture.events(4), to: "r1", expectedLastSeq: 0, leaseToken: "token-1", status: nil)
        #expect(try store.lastSeq(of: "r1") == 4)
    }

    @Test("times are kept to the millisecond")
    func millisecondPrecision() throws {
        let at = Date(timeIntervalSince1970: 1_750_000_000.123)
        try store.createRun(
            Fixture.run("r1"), lease: Fixture.lease("r1", token: "t"),
            events: [NewEvent(at: at, type: "run.created")], status: RunStatusUpdate(status: "running"))
        let stored = try #require(try store.events(of: "r1").first)
        #expect(abs(stored.at.timeIntervalSince(at)) < 0.0005)
    }

    @Test("runs() lists newest first, filtered by status and workflow, up to the limit")
    func listing() throws {
        try Fixture.createRun("a", in: store, workflow: "capz-aks-ilb", createdAt: 1, status: "succeeded")
        try Fixture.createRun("b", in: store, workflow: "hello", createdAt: 2, status: "failed")
        try Fixture.createRun("c", in: store, workflow: "capz-aks-ilb", createdAt: 3, status: "failed")
        try Fixture.createRun("d", in: store, workflow: "capz-aks-ilb", createdAt: 3, status: "running")

        #expect(try store.runs().map(\.id) == ["d", "c", "b", "a"], "same createdAt: higher id first")
        #expect(try store.runs(status: "failed").map(\.id) == ["c", "b"])
        #expect(try store.runs(workflow: "capz-aks-ilb").map(\.id) == ["d", "c", "a"])
        #expect(try store.runs(status: "failed", workflow: "capz-aks-ilb").map(\.id) == ["c"])
        #expect(try store.runs(limit: 2).map(\.id) == ["d", "c"])
    }

    @Test("runs() reads a history of 100,000 runs through an index, without sorting it")
    func historyUsesIndexes() throws {
        try store.pool.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
                INSERT INTO run (id, workflow, workflowPath, definition, definitionHash, params, createdAt,
                                 status, finishedAt, lastSeq, updatedAt)
                SELECT printf('run-%06d', i), CASE i % 3 WHEN 0 THEN 'hello' ELSE 'capz-aks-ilb' END,
                       'workflows/x.yaml', 'steps: []', 'hash', '{}',
                       strftime('%Y-%m-%d %H:%M:%f', 1750000000 + i, 'unixepoch'),
                       CASE i % 4 WHEN 0 THEN 'failed' ELSE 'succeeded' END, NULL, 0,
                       strftime('%Y-%m-%d %H:%M:%f', 1750000000 + i, 'unixepoch')
                FROM n
                """)
        }
        let filters: [(String?, String?)] = [(nil, nil), ("failed", nil), (nil, "hello"), ("failed", "hello")]
        for (status, workflow) in filters {
            let plan = try store.pool.read { db in
                let statement = try EventStore.runsRequest(status: status, workflow: workflow, limit: 20)
                    .makePreparedRequest(db, forSingleResult: false).statement
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(statement.sql)", arguments: statement.arguments)
                    .map { row -> String in row["detail"] }
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "status \(status ?? "-"), workflow \(workflow ?? "-"): \(plan)")
            #expect(plan.contains { $0.contains("USING INDEX") }, "status \(status ?? "-"), workflow \(workflow ?? "-"): \(plan)")
        }

        #expect(try store.runs(limit: 3).map(\.id) == ["run-100000", "run-099999", "run-099998"])
        #expect(try store.runs(status: "failed", workflow: "hello", limit: 2).map(\.id) == ["run-099996", "run-099984"])
    }
}
