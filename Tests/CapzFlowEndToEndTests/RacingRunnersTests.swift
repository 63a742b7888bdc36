#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Several `resume` processes started at once on the same crashed run: exactly one takes it
/// over and finishes it, the others are refused with exit 3, and nothing runs twice.
@Suite("racing runners")
struct RacingRunnersTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// `hold` waits until the test releases it, so every other resume meets a live holder.
    static let workflow = """
        version: 1
        name: racing
        steps:
          - id: first
            run: echo "first of $CAPZFLOW_RUN_ID" >> "$WORK/first.runs"
          - id: hold
            run: |
              echo "$CAPZFLOW_RUN_ID attempt $CAPZFLOW_ATTEMPT" >> "$WORK/hold.runs"
              until [ -e "$WORK/release-$CAPZFLOW_RUN_ID" ]; do sleep 0.05; done
          - id: last
            run: echo "last of $CAPZFLOW_RUN_ID" >> "$WORK/last.runs"
        """

    @Test("N resumes of one crashed run at once: one proceeds, the others exit 3, the run completes once",
          arguments: [2, 4, 8])
    func racingResumes(_ racers: Int) async throws {
        let file = try workspace.write("racing.yaml", Self.workflow)
        for round in 1...3 {
            let runId = "race-\(racers)-\(round)"
            // The runner dies the moment `hold` has started: a crashed run with a dead holder.
            let crashed = try await workspace.start(["run", file, "--run-id", runId], environment: ["CAPZFLOW_CRASH_AFTER": "step.started:hold"])
                .finish()
            #expect(crashed.signal == SIGKILL, "\(crashed)")

            let resumes = try (1...racers).map { _ in try workspace.start(["resume", runId]) }
            // Every resume but the winner is refused while the winner holds `hold`.
            try await waitUntil("\(racers - 1) refused resumes of \(runId)") {
                resumes.filter(\.hasExited).count >= racers - 1
            }
            try workspace.write("release-\(runId)", "")
            var results: [CommandResult] = []
            for resume in resumes { results.append(try await resume.finish()) }

            let codes = results.map(\.exitCode).sorted()
            #expect(codes == [0] + Array(repeating: 3, count: racers - 1), "round \(round): \(results)")
            for loser in results where loser.exitCode == 3 {
                #expect(loser.stderr.contains("pid"), "a refused resume names the holder: \(loser)")
            }
            let events = try await workspace.events(runId)
            #expect(events.map(\.seq) == Array(1...events.count), "no gaps")
            #expect(events.of("lease.taken_over").count == 1, "\(events.types)")
            #expect(events.of("run.resumed").count == 1, "\(events.types)")
            #expect(events.of("run.succeeded").count == 1)
            #expect(events.of("step.started", step: "first").count == 1, "a finished step never runs again")
            #expect(events.of("step.started", step: "hold").compactMap(\.attempt) == [1, 2])
        }
        #expect(try workspace.read("first.runs").split(separator: "\n").count == 3)
        #expect(try workspace.read("last.runs").split(separator: "\n").count == 3)
    }
}
