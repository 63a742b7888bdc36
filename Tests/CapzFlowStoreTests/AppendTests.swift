import Foundation
import Testing
@testable import CapzFlowStore

@Suite("Appending events")
struct AppendTests {
    let folder: TemporaryFolder
    let store: EventStore

    init() throws {
        folder = try TemporaryFolder()
        store = try EventStore(path: folder.path("capzflow.sqlite"))
        try Fixture.createRun("r1", in: store, token: "token-1", events: 1)
    }

    @Test("fenced appends number events 1…n with no gaps")
    func sequenceHasNoGaps() throws {
        var lastSeq = 1
        for batch in [1, 3, 2, 5] {
            lastSeq = try store.append(
                Fixture.events(batch, from: lastSeq), to: "r1", expectedLastSeq: lastSeq, leaseToken: "token-1",
                status: nil)
        }
        #expect(lastSeq == 12)
        #expect(try store.events(of: "r1").map(\.seq) == Array(1...12))
        #expect(try store.lastSeq(of: "r1") == 12)
    }

    @Test("a deferred append commits like any other and leaves the writer synchronous FULL, also when refused")
    func deferredAppend() throws {
        let lastSeq = try store.append(
            Fixture.events(2, from: 1), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil,
            durability: .deferred)
        #expect(lastSeq == 3)
        let reader = try EventStore.openForReading(path: store.path)
        #expect(try reader.events(of: "r1").map(\.seq) == [1, 2, 3])
        #expect(throws: StoreError.self) {
            try store.append(
                Fixture.events(1, from: 3), to: "r1", expectedLastSeq: 3, leaseToken: "token-0", status: nil,
                durability: .deferred)
        }
        try store.appendLog(
            [NewLogChunk(step: "aks-create", attempt: 1, at: Fixture.date(4), text: "out")], to: "r1", leaseToken: "token-1")
        let synchronous = try store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2, "2 is FULL: the next immediate write must sync what the deferred ones left")
    }

    @Test("an empty append checks the fence and writes nothing")
    func emptyAppend() throws {
        let before = try store.run("r1")
        #expect(try store.append([], to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil) == 1)
        #expect(try store.run("r1") == before)
        #expect(throws: StoreError.leaseLost(runId: "r1", holder: Fixture.lease("r1", token: "token-1"))) {
            try store.append([], to: "r1", expectedLastSeq: 1, leaseToken: "stale", status: nil)
        }
    }

    @Test("an append with the wrong token is refused, names the holder and writes nothing")
    func wrongToken() throws {
        let before = try store.run("r1")
        #expect(throws: StoreError.leaseLost(runId: "r1", holder: Fixture.lease("r1", token: "token-1"))) {
            try store.append(
                Fixture.events(2), to: "r1", expectedLastSeq: 1, leaseToken: "token-0",
                status: RunStatusUpdate(status: "failed"))
        }
        #expect(try store.events(of: "r1").count == 1)
        #expect(try store.run("r1") == before)
    }

    @Test("an append with a stale expectedLastSeq is refused")
    func staleSequence() throws {
        _ = try store.append(Fixture.events(2), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil)
        #expect(throws: StoreError.sequenceConflict(runId: "r1", expected: 1, actual: 3)) {
            try store.append(Fixture.events(1), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil)
        }
        #expect(try store.lastSeq(of: "r1") == 3)
    }

    @Test("an append to an unknown run is refused with .noSuchRun")
    func unknownRun() {
        #expect(throws: StoreError.noSuchRun("ghost")) {
            try store.append(Fixture.events(1), to: "ghost", expectedLastSeq: 0, leaseToken: "token-1", status: nil)
        }
        #expect(throws: StoreError.noSuchRun("ghost")) {
            try store.appendUnfenced(Fixture.events(1), to: "ghost", status: nil)
        }
    }

    @Test("a failed append writes none of its events and leaves earlier ones intact")
    func failedAppendIsAllOrNothing() throws {
        _ = try store.append(Fixture.events(2), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil)
        let before = try store.events(of: "r1")
        let runBefore = try store.run("r1")
        var batch = Fixture.events(3, from: 10)
        batch[2].payload = "not json"

        #expect {
            try store.append(
                batch, to: "r1", expectedLastSeq: 3, leaseToken: "token-1", status: RunStatusUpdate(status: "failed"))
        } throws: { error in
            guard case StoreError.invalidRecord = error else { return false }
            return true
        }
        #expect(try store.events(of: "r1") == before)
        #expect(try store.run("r1") == runBefore)
        #expect(try store.append(Fixture.events(1), to: "r1", expectedLastSeq: 3, leaseToken: "token-1", status: nil) == 4)
    }

    @Test("an append writes the run's status summary with its events")
    func statusSummary() throws {
        let finished = Fixture.date(60)
        _ = try store.append(
            [NewEvent(at: finished, type: "run.succeeded")], to: "r1", expectedLastSeq: 1, leaseToken: "token-1",
            status: RunStatusUpdate(status: "succeeded", finishedAt: finished))
        let run = try #require(try store.run("r1"))
        #expect(run.status == "succeeded")
        #expect(run.finishedAt == finished)
        #expect(run.updatedAt == finished)
        #expect(run.lastSeq == 2)
    }

    @Test("an unfenced append lands after the last event, and the runner's next append sees the conflict")
    func unfencedAppend() throws {
        _ = try store.append(Fixture.events(2), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil)
        let signal = NewEvent(at: Fixture.date(50), type: "signal.received", payload: #"{"name":"approve"}"#)

        #expect(try store.appendUnfenced([signal], to: "r1", status: nil) == 4)
        #expect(try store.events(of: "r1", after: 3) == [
            StoredEvent(runId: "r1", seq: 4, at: signal.at, type: "signal.received", payload: signal.payload),
        ])
        #expect(throws: StoreError.sequenceConflict(runId: "r1", expected: 3, actual: 4)) {
            try store.append(Fixture.events(1), to: "r1", expectedLastSeq: 3, leaseToken: "token-1", status: nil)
        }
    }

    @Test("events(after:limit:) pages through the log in order")
    func paging() throws {
        _ = try store.append(Fixture.events(9), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil)
        #expect(try store.events(of: "r1", after: 3, limit: 4).map(\.seq) == [4, 5, 6, 7])
        #expect(try store.events(of: "r1", after: 8).map(\.seq) == [9, 10])
        #expect(try store.events(of: "r1", after: 10).isEmpty)
        #expect(try store.events(of: "ghost").isEmpty)
    }
}
