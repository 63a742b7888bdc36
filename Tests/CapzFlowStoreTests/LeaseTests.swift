import Foundation
import Testing
@testable import CapzFlowStore

@Suite("Leases")
struct LeaseTests {
    let folder: TemporaryFolder
    let store: EventStore

    init() throws {
        folder = try TemporaryFolder()
        store = try EventStore(path: folder.path("capzflow.sqlite"))
        try Fixture.createRun("r1", in: store, token: "token-1", events: 1)
    }

    @Test("takeLease replaces the lease the caller saw and records its events")
    func takeOver() throws {
        let lease = Fixture.lease("r1", token: "token-2", pid: 99, at: 100)
        let lastSeq = try store.takeLease(
            lease, replacing: "token-1", events: Fixture.events(1, type: "lease.taken_over", from: 100),
            expectedLastSeq: 1, status: RunStatusUpdate(status: "running"))

        #expect(lastSeq == 2)
        #expect(try store.lease(of: "r1") == lease)
        #expect(try store.events(of: "r1").last?.type == "lease.taken_over")
    }

    @Test("the replaced runner's appends are fenced out")
    func replacedRunnerIsFenced() throws {
        let lease = Fixture.lease("r1", token: "token-2")
        _ = try store.takeLease(lease, replacing: "token-1", events: [], expectedLastSeq: 1, status: nil)

        #expect(throws: StoreError.leaseLost(runId: "r1", holder: lease)) {
            try store.append(Fixture.events(1), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil)
        }
        #expect(throws: StoreError.leaseLost(runId: "r1", holder: lease)) {
            try store.appendLog(
                [NewLogChunk(step: "s", attempt: 1, at: Fixture.date(1), text: "late")], to: "r1", leaseToken: "token-1")
        }
    }

    @Test("takeLease is refused while another runner holds a lease the caller did not see")
    func leaseHeld() throws {
        let holder = Fixture.lease("r1", token: "token-1")
        #expect(throws: StoreError.leaseHeld(runId: "r1", holder: holder)) {
            try store.takeLease(
                Fixture.lease("r1", token: "token-3"), replacing: "token-0", events: Fixture.events(1),
                expectedLastSeq: 1, status: nil)
        }
        #expect(throws: StoreError.leaseHeld(runId: "r1", holder: holder)) {
            try store.takeLease(
                Fixture.lease("r1", token: "token-3"), replacing: nil, events: Fixture.events(1),
                expectedLastSeq: 1, status: nil)
        }
        #expect(try store.lease(of: "r1") == holder)
        #expect(try store.lastSeq(of: "r1") == 1)
    }

    @Test("takeLease with no previous token succeeds once the lease was released")
    func resumeAfterRelease() throws {
        try store.releaseLease(runId: "r1", token: "token-1")
        #expect(try store.lease(of: "r1") == nil)

        let lease = Fixture.lease("r1", token: "token-2")
        #expect(try store.takeLease(lease, replacing: nil, events: Fixture.events(1), expectedLastSeq: 1, status: nil) == 2)
        #expect(try store.lease(of: "r1") == lease)
    }

    @Test("takeLease expecting a lease that was since released gets .leaseLost with no holder")
    func expectedLeaseIsGone() throws {
        try store.releaseLease(runId: "r1", token: "token-1")
        #expect(throws: StoreError.leaseLost(runId: "r1", holder: nil)) {
            try store.takeLease(
                Fixture.lease("r1", token: "token-2"), replacing: "token-1", events: [], expectedLastSeq: 1, status: nil)
        }
        #expect(try store.lease(of: "r1") == nil)
    }

    @Test("takeLease with a stale expectedLastSeq takes nothing")
    func takeLeaseChecksSequence() throws {
        #expect(throws: StoreError.sequenceConflict(runId: "r1", expected: 0, actual: 1)) {
            try store.takeLease(
                Fixture.lease("r1", token: "token-2"), replacing: "token-1", events: Fixture.events(1),
                expectedLastSeq: 0, status: nil)
        }
        #expect(try store.lease(of: "r1")?.token == "token-1")
    }

    @Test("takeLease of an unknown run is refused with .noSuchRun")
    func takeLeaseOfUnknownRun() {
        #expect(throws: StoreError.noSuchRun("ghost")) {
            try store.takeLease(Fixture.lease("ghost", token: "t"), replacing: nil, events: [], expectedLastSeq: 0, status: nil)
        }
    }

    @Test("heartbeat extends the holder's lease and refuses a stale token")
    func heartbeat() throws {
        try store.heartbeat(runId: "r1", token: "token-1", at: Fixture.date(20), expiresAt: Fixture.date(50))
        var expected = Fixture.lease("r1", token: "token-1")
        expected.heartbeatAt = Fixture.date(20)
        expected.expiresAt = Fixture.date(50)
        #expect(try store.lease(of: "r1") == expected)

        #expect(throws: StoreError.leaseLost(runId: "r1", holder: expected)) {
            try store.heartbeat(runId: "r1", token: "token-0", at: Fixture.date(30), expiresAt: Fixture.date(60))
        }
        #expect(try store.lease(of: "r1") == expected)
    }

    @Test("releaseLease removes only the caller's own lease")
    func release() throws {
        try store.releaseLease(runId: "r1", token: "someone-else")
        #expect(try store.lease(of: "r1")?.token == "token-1")

        try store.releaseLease(runId: "r1", token: "token-1")
        #expect(try store.lease(of: "r1") == nil)
        try store.releaseLease(runId: "r1", token: "token-1")
    }

    @Test("a lease keeps every process start time exactly")
    func processStartRoundTrips() throws {
        var lease = Fixture.lease("r1", token: "token-2")
        lease.processStart = .max
        _ = try store.takeLease(lease, replacing: "token-1", events: [], expectedLastSeq: 1, status: nil)
        #expect(try store.lease(of: "r1")?.processStart == .max)
    }
}
