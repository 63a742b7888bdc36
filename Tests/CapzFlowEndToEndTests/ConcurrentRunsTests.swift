import Foundation
import Testing

/// Several runs, each in its own process, sharing one state database.
@Suite("concurrent runs")
struct ConcurrentRunsTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    @Test("four runs at once on one database all succeed, and no 'database is locked' reaches the user")
    func fourRunsShareOneDatabase() async throws {
        let steps = (1...15).map { "  - id: step-\($0)\n    run: echo \"step \($0) of $CAPZFLOW_RUN_ID\"" }
        let file = try workspace.write("many.yaml", "version: 1\nname: many\nsteps:\n" + steps.joined(separator: "\n") + "\n")
        let ids = (1...4).map { "parallel-\($0)" }

        let runners = try ids.map { try workspace.start(["run", file, "--run-id", $0]) }
        var results: [CommandResult] = []
        for runner in runners { results.append(try await runner.finish()) }

        for result in results {
            expectExit(0, result)
            #expect(!result.output.lowercased().contains("locked"), "\(result)")
        }
        for id in ids {
            let events = try await workspace.events(id)
            #expect(events.map(\.seq) == Array(1...events.count), "\(id) has gaps")
            #expect(events.of("step.succeeded").count == 15)
        }
        #expect(Set(try await workspace.history().map(\.runId)) == Set(ids))
    }
}
