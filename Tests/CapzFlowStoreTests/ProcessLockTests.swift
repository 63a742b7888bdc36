import Foundation
import Testing
@testable import CapzFlowStore

@Suite(
    "Another process holding the write lock",
    .enabled(if: LockHoldingProcess.isAvailable, "needs python3 with its sqlite3 module to hold the lock"))
struct ProcessLockTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    @Test("a write waits for another process's transaction, then succeeds")
    func writeWaits() async throws {
        let store = try EventStore(path: folder.path("capzflow.sqlite"))
        try Fixture.createRun("r1", in: store)
        let holder = try LockHoldingProcess(path: store.path)

        let append = Task.detached {
            try store.append(Fixture.events(1), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil)
        }
        try holder.release()
        #expect(try await append.value == 2)
    }

    @Test("a write that outlasts the busy timeout fails with .busy and a plain message")
    func busyTimeout() throws {
        let store = try EventStore(path: folder.path("capzflow.sqlite"), busyTimeout: 0.2)
        try Fixture.createRun("r1", in: store)
        let holder = try LockHoldingProcess(path: store.path)

        #expect(throws: StoreError.busy(path: store.path)) {
            try store.append(Fixture.events(1), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil)
        }
        #expect(!StoreError.busy(path: store.path).description.contains("database is locked"))

        try holder.release()
        #expect(try store.append(Fixture.events(1), to: "r1", expectedLastSeq: 1, leaseToken: "token-1", status: nil) == 2)
    }
}
