import Foundation
import Testing
@testable import CapzFlowStore

@Suite("Step output")
struct LogTests {
    let folder: TemporaryFolder
    let store: EventStore

    init() throws {
        folder = try TemporaryFolder()
        store = try EventStore(path: folder.path("capzflow.sqlite"))
        try Fixture.createRun("r1", in: store, token: "token-1")
        try Fixture.createRun("r2", in: store, token: "token-2")
    }

    private func chunk(_ step: String, _ attempt: Int, _ text: String) -> NewLogChunk {
        NewLogChunk(step: step, attempt: attempt, at: Fixture.date(attempt), text: text)
    }

    @Test("logs filter by step, attempt and afterId, in the order stored")
    func filters() throws {
        try store.appendLog([chunk("login", 1, "a"), chunk("aks-create", 1, "b\nc")], to: "r1", leaseToken: "token-1")
        try store.appendLog([chunk("other-run", 1, "x")], to: "r2", leaseToken: "token-2")
        try store.appendLog([chunk("aks-create", 2, "d"), chunk("aks-create", 1, "e")], to: "r1", leaseToken: "token-1")

        let all = try store.logs(of: "r1")
        #expect(all.map(\.text) == ["a", "b\nc", "d", "e"])
        #expect(all.map(\.id) == all.map(\.id).sorted())
        #expect(all.allSatisfy { $0.runId == "r1" })
        #expect(try store.logs(of: "r1", step: "aks-create").map(\.text) == ["b\nc", "d", "e"])
        #expect(try store.logs(of: "r1", step: "aks-create", attempt: 1).map(\.text) == ["b\nc", "e"])
        #expect(try store.logs(of: "r1", attempt: 2).map(\.text) == ["d"])
        #expect(try store.logs(of: "r1", afterId: all[1].id).map(\.text) == ["d", "e"])
        #expect(try store.logs(of: "r1", afterId: all[0].id, limit: 2).map(\.text) == ["b\nc", "d"])
        #expect(all[1] == StoredLogChunk(id: all[1].id, runId: "r1", step: "aks-create", attempt: 1, at: Fixture.date(1), text: "b\nc"))
    }

    @Test("appendLog with a stale token is refused and stores nothing")
    func fenced() throws {
        #expect(throws: StoreError.leaseLost(runId: "r1", holder: Fixture.lease("r1", token: "token-1"))) {
            try store.appendLog([chunk("login", 1, "late")], to: "r1", leaseToken: "token-0")
        }
        #expect(throws: StoreError.noSuchRun("ghost")) {
            try store.appendLog([chunk("login", 1, "lost")], to: "ghost", leaseToken: "token-1")
        }
        #expect(try store.logs(of: "r1").isEmpty)
    }
}
