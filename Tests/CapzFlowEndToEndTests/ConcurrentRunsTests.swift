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

    @Test("sixteen runs at once with readers (history, status, logs --follow) in a loop: no 'database is locked', no failed run")
    func sixteenRunsAndReaders() async throws {
        let steps = (1...10).map { "  - id: step-\($0)\n    run: echo \"step \($0) of $CAPZFLOW_RUN_ID\"" }
        let file = try workspace.write("many.yaml", "version: 1\nname: many\nsteps:\n" + steps.joined(separator: "\n") + "\n")
        let ids = (1...16).map { "crowd-\($0)" }

        let runners = try ids.map { try workspace.start(["run", file, "--run-id", $0]) }
        try await workspace.waitForEvent(ids[0], "run.started", from: runners[0]) { $0.type == "run.started" }
        let follower = try workspace.start(["logs", ids[0], "--follow"])
        var reads: [CommandResult] = []
        var round = 0
        while runners.contains(where: { !$0.hasExited }) {
            round += 1
            reads.append(try await workspace.capzflow("history", "--json"))
            reads.append(try await workspace.capzflow("status", ids[round % ids.count], "--json"))
        }
        var results: [CommandResult] = []
        for runner in runners { results.append(try await runner.finish()) }
        let followed = try await follower.finish()

        for result in results + [followed] {
            expectExit(0, result)
            #expect(!result.output.lowercased().contains("locked"), "\(result)")
        }
        for read in reads {
            // A status read may come before its run is recorded (exit 4); nothing may be locked.
            #expect(read.exitCode == 0 || read.exitCode == 4, "\(read)")
            #expect(!read.output.lowercased().contains("locked"), "\(read)")
        }
        #expect(followed.stdout.contains("step 10 of crowd-1"), "\(followed)")
        let history = try await workspace.history()
        #expect(history.count == 16 && history.allSatisfy { $0.status == "succeeded" }, "\(history.map { ($0.runId, $0.status) })")
    }
}
