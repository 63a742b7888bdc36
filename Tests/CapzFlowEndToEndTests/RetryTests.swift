import Foundation
import Testing

/// Retries: attempts, backoff recorded as absolute times, exit codes that stop retrying, and a
/// resume that gives a failed step a fresh budget.
@Suite("retries")
struct RetryTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// A step that counts its attempts in `$WORK/count` and succeeds from the `succeedAt`-th on.
    static func counting(succeedAt: Int, retry: String) -> String {
        """
        version: 1
        name: counting
        steps:
          - id: flaky
            run: |
              n=$(( $(cat "$WORK/count" 2>/dev/null || echo 0) + 1 ))
              echo "$n" > "$WORK/count"
              echo "attempt $n"
              test "$n" -ge \(succeedAt)
            retry: \(retry)
        """
    }

    @Test("a step failing twice then succeeding ends succeeded after 3 attempts, each retry scheduled after its failure")
    func failsTwiceThenSucceeds() async throws {
        let file = try workspace.write("flaky.yaml", Self.counting(succeedAt: 3, retry: "{ attempts: 3, backoff: 200ms }"))

        let run = try await workspace.capzflow("run", file, "--run-id", "flaky-1")

        expectExit(0, run)
        let step = try #require(try await workspace.status("flaky-1").step("flaky"))
        #expect(step.status == "succeeded")
        #expect(step.attempts == 3)
        let events = try await workspace.events("flaky-1")
        #expect(events.of("step.started").compactMap(\.attempt) == [1, 2, 3])
        #expect(events.of("step.failed").compactMap(\.attempt) == [1, 2])
        let retries = events.of("step.retry_scheduled")
        #expect(retries.count == 2, "\(events)")
        for retry in retries {
            // retry_scheduled names the attempt it schedules; the failure is the event before it.
            let failure = try #require(events.last { $0.seq < retry.seq && $0.type == "step.failed" }, "a failure before \(retry)")
            #expect(failure.attempt.map { $0 + 1 } == retry.attempt, "\(retry) follows \(failure)")
            let retryAt = try #require(retry.retryAt.flatMap(Timestamp.parse), "retry_at of \(retry)")
            #expect(Timestamp.hasMilliseconds(retry.retryAt ?? ""))
            #expect(retryAt > (try #require(failure.date)), "\(retry) is not after \(failure)")
            let next = try #require(events.first { $0.type == "step.started" && $0.attempt == retry.attempt })
            #expect(next.seq > retry.seq)
            #expect(try #require(next.date) >= retryAt, "\(next) started before the backoff ended (\(retry))")
        }
    }

    @Test("every attempt keeps its own log")
    func everyAttemptKeepsItsLog() async throws {
        let file = try workspace.write("flaky.yaml", Self.counting(succeedAt: 2, retry: "{ attempts: 2, backoff: 100ms }"))
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "logs-1"))

        let first = try await workspace.capzflow("logs", "logs-1", "flaky", "--attempt", "1")
        let second = try await workspace.capzflow("logs", "logs-1", "flaky", "--attempt", "2")

        expectExit(0, first)
        expectExit(0, second)
        #expect(first.stdout.contains("attempt 1") && !first.stdout.contains("attempt 2"), "\(first)")
        #expect(second.stdout.contains("attempt 2") && !second.stdout.contains("attempt 1"), "\(second)")
    }

    @Test("a step exhausting its attempts fails the run with exit 1 and the summary says how to resume")
    func exhaustedAttemptsFailTheRun() async throws {
        let file = try workspace.write("always-fails.yaml", """
            version: 1
            name: always-fails
            steps:
              - id: doomed
                run: |
                  echo "still broken"
                  exit 7
                retry: { attempts: 2, backoff: 100ms }
              - id: later
                run: echo later
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "doomed-1")

        expectExit(1, run)
        #expect(run.stdout.contains("capzflow resume doomed-1"), "\(run)")
        let report = try await workspace.status("doomed-1")
        #expect(report.status == "failed")
        #expect(report.step("doomed")?.status == "failed")
        #expect(report.step("doomed")?.attempts == 2)
        #expect(report.step("doomed")?.exitCode == 7)
        #expect(report.step("later")?.status == "pending")
        #expect(try await workspace.history().first?.status == "failed")
        #expect(try await workspace.events("doomed-1").last?.type == "run.failed")
    }

    /// An exit code, and how many attempts a step with `attempts: 3, except_exit_codes: [2]`
    /// gets when it always exits with it.
    struct ExceptCase: Sendable, CustomTestStringConvertible {
        let exitCode: Int
        let attempts: Int
        var testDescription: String { "exit \(exitCode) → \(attempts) attempt(s)" }
    }

    @Test("except_exit_codes stops retrying on a listed code only", arguments: [
        ExceptCase(exitCode: 2, attempts: 1),
        ExceptCase(exitCode: 3, attempts: 3),
    ])
    func exceptExitCodesStopRetrying(_ item: ExceptCase) async throws {
        let file = try workspace.write("except.yaml", """
            version: 1
            name: except
            steps:
              - id: picky
                run: exit \(item.exitCode)
                retry: { attempts: 3, backoff: 100ms, except_exit_codes: [2] }
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "except-1")

        expectExit(1, run)
        let step = try #require(try await workspace.status("except-1").step("picky"))
        #expect(step.status == "failed")
        #expect(step.attempts == item.attempts)
        #expect(try await workspace.events("except-1").of("step.retry_scheduled").count == item.attempts - 1)
    }

    @Test("resume gives a failed step a fresh retry budget, and succeeds once the cause is fixed")
    func resumeRetriesWithFreshAttempts() async throws {
        let file = try workspace.write("needs-fix.yaml", """
            version: 1
            name: needs-fix
            steps:
              - id: check-fix
                run: |
                  echo "attempt $CAPZFLOW_ATTEMPT" >> "$WORK/attempts"
                  test -e "$WORK/fixed" || { echo "not fixed yet" >&2; exit 1; }
                retry: { attempts: 2, backoff: 100ms }
            """)
        expectExit(1, try await workspace.capzflow("run", file, "--run-id", "fix-1"))

        let unfixed = try await workspace.capzflow("resume", "fix-1")

        expectExit(1, unfixed, "nothing was fixed yet")
        #expect(try await workspace.status("fix-1").step("check-fix")?.attempts == 4, "two fresh attempts")
        try workspace.write("fixed", "")

        let fixed = try await workspace.capzflow("resume", "fix-1")

        expectExit(0, fixed)
        let report = try await workspace.status("fix-1")
        #expect(report.status == "succeeded")
        #expect(report.step("check-fix")?.attempts == 5)
        let events = try await workspace.events("fix-1")
        #expect(events.of("step.started").compactMap(\.attempt) == [1, 2, 3, 4, 5])
        #expect(events.of("run.resumed").count == 2)
        #expect(events.of("step.succeeded").compactMap(\.attempt) == [5])
        #expect(try workspace.read("attempts").split(separator: "\n").count == 5)
    }
}
