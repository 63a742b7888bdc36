import Foundation
import Synchronization
import Testing
@testable import CapzFlowStore

/// Two `EventStore`s on one file have separate connection pools, so SQLite's locking sees them as
/// two processes.
@Suite("Two processes on one file")
struct ConcurrencyTests {
    let folder: TemporaryFolder
    let first: EventStore
    let second: EventStore

    init() throws {
        folder = try TemporaryFolder()
        first = try EventStore(path: folder.path("capzflow.sqlite"))
        second = try EventStore(path: folder.path("capzflow.sqlite"))
    }

    @Test("several processes opening a new file at once all succeed")
    func concurrentFirstOpen() throws {
        // Real threads, so the opens overlap; ten fresh files, since one race is easily missed.
        for round in 0..<10 {
            let path = folder.path("fresh-\(round)/capzflow.sqlite")
            let failures = Mutex<[StoreError]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { index in
                do throws(StoreError) {
                    let store = try EventStore(path: path)
                    try Fixture.createRun("run-\(index)", in: store)
                } catch {
                    failures.withLock { $0.append(error) }
                }
            }
            failures.withLock { #expect($0.isEmpty, "round \(round): \($0)") }
            #expect(try EventStore(path: path).runs().count == 6)
        }
    }

    @Test("concurrent appends from two pools to different runs all succeed")
    func concurrentAppends() async throws {
        let runs = 8
        let appendsPerRun = 25
        for index in 0..<runs {
            try Fixture.createRun("run-\(index)", in: first, token: "token-\(index)")
        }

        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<runs {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    var lastSeq = 1
                    for _ in 0..<appendsPerRun {
                        lastSeq = try store.append(
                            Fixture.events(1, from: lastSeq), to: "run-\(index)", expectedLastSeq: lastSeq,
                            leaseToken: "token-\(index)", status: nil)
                        try store.appendLog(
                            [NewLogChunk(step: "s", attempt: 1, at: Fixture.date(lastSeq), text: "line \(lastSeq)")],
                            to: "run-\(index)", leaseToken: "token-\(index)")
                    }
                }
            }
            try await group.waitForAll()
        }

        for index in 0..<runs {
            #expect(try second.events(of: "run-\(index)").map(\.seq) == Array(1...(appendsPerRun + 1)))
            #expect(try first.logs(of: "run-\(index)").count == appendsPerRun)
        }
    }

    @Test("concurrent takeovers replacing the same lease: exactly one wins")
    func concurrentTakeovers() async throws {
        try Fixture.createRun("r1", in: first, token: "dead-runner")
        let contenders = 8

        let outcomes = try await withThrowingTaskGroup(of: Result<Lease, StoreError>.self) { group in
            for index in 0..<contenders {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    let lease = Fixture.lease("r1", token: "contender-\(index)", pid: Int32(1000 + index))
                    do throws(StoreError) {
                        _ = try store.takeLease(
                            lease, replacing: "dead-runner",
                            events: Fixture.events(1, type: "lease.taken_over", from: 10), expectedLastSeq: 1,
                            status: nil)
                        return .success(lease)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        let winners = outcomes.compactMap { try? $0.get() }
        try #require(winners.count == 1)
        let winner = winners[0]
        #expect(try first.lease(of: "r1") == winner)
        for case .failure(let error) in outcomes {
            #expect(error == .leaseHeld(runId: "r1", holder: winner))
        }
        #expect(try second.events(of: "r1").map(\.seq) == [1, 2])
    }
}
