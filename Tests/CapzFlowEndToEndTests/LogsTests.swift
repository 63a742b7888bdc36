import Foundation
import Testing

/// `capzflow logs`: both streams in order, one log per step, and `--follow` on a live run.
@Suite("logs")
struct LogsTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    @Test("logs interleave standard output and error in the order the step printed them, under a header per step")
    func bothStreamsInOrder() async throws {
        let file = try workspace.write("streams.yaml", """
            version: 1
            name: streams
            steps:
              - id: mixed
                run: |
                  echo "line 1 out"
                  echo "line 2 err" >&2
                  echo "line 3 out"
                  echo "line 4 err" >&2
              - id: other
                run: echo "other step"
            """)
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "streams-1"))

        let one = try await workspace.capzflow("logs", "streams-1", "mixed")
        let all = try await workspace.capzflow("logs", "streams-1")

        expectExit(0, one)
        let lines = one.stdout.split(separator: "\n").filter { $0.hasPrefix("line ") }
        #expect(lines == ["line 1 out", "line 2 err", "line 3 out", "line 4 err"], "\(one)")
        #expect(!one.stdout.contains("other step"))
        expectExit(0, all)
        let mixed = try #require(all.stdout.range(of: "mixed"), "\(all)")
        let other = try #require(all.stdout.range(of: "other step"), "\(all)")
        #expect(mixed.lowerBound < other.lowerBound)
    }

    @Test("logs of a step the run does not have exits 2 and lists the steps")
    func unknownStep() async throws {
        let file = try workspace.write("one.yaml", """
            version: 1
            name: one
            steps:
              - id: only
                run: echo only
            """)
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "logs-2"))

        let logs = try await workspace.capzflow("logs", "logs-2", "nowhere")

        expectExit(2, logs)
        #expect(logs.stderr.contains("nowhere") && logs.stderr.contains("only"), "\(logs)")
    }

    @Test("logs --follow prints a live run's output as it comes and stops when the run ends")
    func followLiveRun() async throws {
        let file = try workspace.write("live.yaml", """
            version: 1
            name: live
            steps:
              - id: talk
                run: |
                  echo "before the pause"
                  touch "$WORK/marker"
                  while [ ! -e "$WORK/release" ]; do sleep 0.05; done
                  echo "after the pause"
            """)
        let runner = try workspace.start(["run", file, "--run-id", "follow-1"])
        try await workspace.waitForFile("marker", from: runner)
        let follower = try workspace.start(["logs", "follow-1", "--follow"])

        try await waitUntil("logs --follow to print the first line") {
            follower.stdoutSoFar.contains("before the pause")
        }
        #expect(!follower.hasExited, "--follow stopped while the run was live")
        try workspace.write("release", "")
        expectExit(0, try await runner.finish())
        let followed = try await follower.finish()

        expectExit(0, followed)
        #expect(followed.stdout.contains("after the pause"), "\(followed)")
    }
}
