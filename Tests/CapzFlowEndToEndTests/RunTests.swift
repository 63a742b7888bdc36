import Foundation
import Testing

/// `capzflow run`: a run's exit code, its event log, its status, and how values reach steps.
@Suite("run")
struct RunTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    static let twoSteps = """
        version: 1
        name: two-steps
        steps:
          - id: first
            run: echo one
          - id: second
            run: echo two
        """

    // MARK: the event log and the status

    @Test("a small workflow succeeds with exit 0 and its events are numbered 1…n with millisecond times")
    func smallWorkflowSucceeds() async throws {
        let file = try workspace.write("two-steps.yaml", Self.twoSteps)

        let run = try await workspace.capzflow("run", file, "--run-id", "small-1")

        expectExit(0, run)
        let events = try await workspace.events("small-1")
        #expect(events.map(\.seq) == Array(1...events.count), "\(events)")
        #expect(events.types == [
            "run.started",
            "step.started", "step.succeeded",
            "step.started", "step.succeeded",
            "run.succeeded",
        ])
        for event in events {
            #expect(Timestamp.hasMilliseconds(event.time), "time of \(event)")
        }
        let dates = events.compactMap(\.date)
        #expect(dates.count == events.count, "every time parses")
        #expect(dates == dates.sorted(), "times never go backwards")
        for event in events where event.type.hasPrefix("step.") {
            #expect(event.attempt == 1, "\(event)")
        }
        #expect(events.filter { $0.type.hasPrefix("step.") }.compactMap(\.step) == ["first", "first", "second", "second"])
    }

    @Test("status --json names the run and lists every step in workflow order with its timing")
    func statusReportsEveryStep() async throws {
        let file = try workspace.write("two-steps.yaml", Self.twoSteps)
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "status-1"))

        let result = try await workspace.capzflow("status", "status-1", "--json")

        expectExit(0, result)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["run_id"] as? String == "status-1")
        #expect(object["workflow"] as? String == "two-steps")
        #expect(object["status"] as? String == "succeeded")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.compactMap { $0["id"] as? String } == ["first", "second"])
        for step in steps {
            for key in ["id", "status", "attempts", "exit_code", "started_at", "finished_at"] {
                #expect(step[key] != nil, "step \(step["id"] ?? "?") has \(key)")
            }
            #expect(step["status"] as? String == "succeeded")
            #expect(step["attempts"] as? Int == 1)
            #expect(step["exit_code"] as? Int == 0)
            #expect((step["started_at"] as? String).map(Timestamp.hasMilliseconds) == true)
            #expect((step["finished_at"] as? String).map(Timestamp.hasMilliseconds) == true)
        }
    }

    @Test("status --json shows a step that never ran as pending with null exit code and times")
    func statusShowsPendingSteps() async throws {
        let file = try workspace.write("fails-first.yaml", """
            version: 1
            name: fails-first
            steps:
              - id: broken
                run: exit 3
              - id: never
                run: echo never
            """)
        expectExit(1, try await workspace.capzflow("run", file, "--run-id", "pending-1"))

        let result = try await workspace.capzflow("status", "pending-1", "--json")

        expectExit(0, result)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "failed")
        let steps = try #require(object["steps"] as? [[String: Any]])
        let broken = try #require(steps.first)
        #expect(broken["status"] as? String == "failed")
        #expect(broken["exit_code"] as? Int == 3)
        let never = try #require(steps.last)
        #expect(never["id"] as? String == "never")
        #expect(never["status"] as? String == "pending")
        #expect(never["attempts"] as? Int == 0)
        #expect(never["exit_code"] is NSNull)
        #expect(never["started_at"] is NSNull)
        #expect(never["finished_at"] is NSNull)
    }

    // MARK: values reaching steps

    @Test("a parameter reaches the script as an environment variable and is never executed as code")
    func parameterIsNeverExecuted() async throws {
        let hostile = #"$(touch pwned-dollar) `touch pwned-backtick` "dq" 'sq' ; touch pwned-semicolon"#
        let file = try workspace.write("echo-param.yaml", """
            version: 1
            name: echo-param
            params:
              VALUE: { required: true }
            steps:
              - id: show
                run: printf 'value=[%s]\\n' "$VALUE"
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "inject-1", "--param", "VALUE=\(hostile)")

        expectExit(0, run)
        for name in ["pwned-dollar", "pwned-backtick", "pwned-semicolon"] {
            #expect(!workspace.exists(name), "\(name) was created: the value ran as a command")
        }
        let logs = try await workspace.capzflow("logs", "inject-1", "show")
        expectExit(0, logs)
        #expect(logs.stdout.contains("value=[\(hostile)]"), "\(logs)")
        #expect(try await workspace.status("inject-1").params?["VALUE"] == hostile)
    }

    @Test("an output a step writes to $CAPZFLOW_OUTPUT reaches a later step as a variable")
    func outputsReachLaterSteps() async throws {
        let file = try workspace.write("outputs.yaml", """
            version: 1
            name: outputs
            steps:
              - id: produce
                run: echo "NSG_NAME=nsg-from-produce" >> "$CAPZFLOW_OUTPUT"
                outputs: [NSG_NAME]
              - id: consume
                run: printf '%s' "$NSG_NAME" > "$WORK/consumed"
            """)

        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "outputs-1"))

        #expect(try workspace.read("consumed") == "nsg-from-produce")
        #expect(try await workspace.status("outputs-1").outputs?["NSG_NAME"] == "nsg-from-produce")
    }

    // MARK: refused runs

    @Test("--param with an unknown name exits 2, names it, and leaves the history empty")
    func unknownParameterIsRefused() async throws {
        let file = try workspace.write("one-param.yaml", """
            version: 1
            name: one-param
            params:
              KNOWN: { default: x }
            steps:
              - id: only
                run: echo "$KNOWN" >> "$WORK/ran"
            """)

        let run = try await workspace.capzflow("run", file, "--param", "UNKNOWN_NAME=1")

        expectExit(2, run)
        #expect(run.stderr.contains("UNKNOWN_NAME"), "\(run)")
        #expect(!workspace.exists("ran"))
        #expect(try await workspace.history().isEmpty)
    }

    @Test("a duplicate --run-id exits 2 and leaves the first run untouched")
    func duplicateRunIdIsRefused() async throws {
        let file = try workspace.write("counts.yaml", """
            version: 1
            name: counts
            steps:
              - id: count
                run: echo ran >> "$WORK/count"
            """)
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "dup-1"))
        let before = try await workspace.capzflow("events", "dup-1", "--json")
        let statusBefore = try await workspace.capzflow("status", "dup-1", "--json")

        let again = try await workspace.capzflow("run", file, "--run-id", "dup-1")

        expectExit(2, again)
        #expect(again.stderr.contains("dup-1"), "\(again)")
        #expect(try workspace.read("count") == "ran\n", "the second run ran its step")
        #expect(try await workspace.capzflow("events", "dup-1", "--json").stdout == before.stdout)
        #expect(try await workspace.capzflow("status", "dup-1", "--json").stdout == statusBefore.stdout)
        #expect(try await workspace.history().map(\.runId) == ["dup-1"])
    }

    @Test("a refused run id (a duplicate or an invalid one) is refused before any generate command runs")
    func refusedRunIdGeneratesNothing() async throws {
        let file = try workspace.write("generates.yaml", """
            version: 1
            name: generates
            params:
              NAME: { generate: 'echo ran >> "$WORK/generations"; echo generated-name' }
            steps:
              - id: only
                run: echo "$NAME"
            """)
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "gen-1"))

        let duplicate = try await workspace.capzflow("run", file, "--run-id", "gen-1")
        let invalid = try await workspace.capzflow("run", file, "--run-id", "not valid!")

        expectExit(2, duplicate)
        expectExit(2, invalid)
        #expect(invalid.stderr.contains("not valid!"), "\(invalid)")
        #expect(try workspace.read("generations") == "ran\n", "a refused run generated a parameter")
    }

    // MARK: pinned parameters

    @Test("a generated parameter is generated once and every attempt and the resume see the same value")
    func generatedParameterIsPinned() async throws {
        let file = try workspace.write("pinned.yaml", """
            version: 1
            name: pinned
            params:
              RESOURCE_NAME:
                generate: 'echo generated >> "$WORK/generations"; echo "res-$(date +%s%N)-$RANDOM"'
            steps:
              - id: create
                run: |
                  echo "$RESOURCE_NAME" >> "$WORK/seen"
                  test "$(wc -l < "$WORK/seen")" -ge 2
                retry: { attempts: 2, backoff: 100ms }
              - id: after-fix
                run: |
                  echo "$RESOURCE_NAME" >> "$WORK/seen"
                  test -e "$WORK/fixed"
            """)

        expectExit(1, try await workspace.capzflow("run", file, "--run-id", "pinned-1"))
        try workspace.write("fixed", "")
        expectExit(0, try await workspace.capzflow("resume", "pinned-1"))

        let seen = try workspace.read("seen").split(separator: "\n").map(String.init)
        #expect(seen.count == 4, "two attempts of create, one of after-fix, one after the resume: \(seen)")
        #expect(Set(seen).count == 1, "every attempt saw the same value: \(seen)")
        #expect(try await workspace.status("pinned-1").params?["RESOURCE_NAME"] == seen.first)
        #expect(try workspace.read("generations") == "generated\n", "the generate command ran once")
    }

    // MARK: history and output

    @Test("history lists runs newest first and filters them by status and workflow")
    func historyListsAndFilters() async throws {
        let good = try workspace.write("two-steps.yaml", Self.twoSteps)
        let bad = try workspace.write("fails.yaml", """
            version: 1
            name: fails
            steps:
              - id: broken
                run: exit 1
            """)
        expectExit(0, try await workspace.capzflow("run", good, "--run-id", "h-1"))
        expectExit(1, try await workspace.capzflow("run", bad, "--run-id", "h-2"))
        expectExit(0, try await workspace.capzflow("run", good, "--run-id", "h-3"))

        let all = try await workspace.history()
        let failed = try await workspace.capzflow("history", "--json", "--status", "failed")
        let byWorkflow = try await workspace.capzflow("history", "--json", "--workflow", "two-steps", "--limit", "1")

        #expect(all.map(\.runId) == ["h-3", "h-2", "h-1"])
        #expect(all.map(\.status) == ["succeeded", "failed", "succeeded"])
        #expect(all.allSatisfy { Timestamp.hasMilliseconds($0.startedAt) && $0.finishedAt.map(Timestamp.hasMilliseconds) == true })
        expectExit(0, failed)
        #expect(try JSONDecoder.snakeCase.decode([HistoryEntry].self, from: Data(failed.stdout.utf8)).map(\.runId) == ["h-2"])
        expectExit(0, byWorkflow)
        #expect(try JSONDecoder.snakeCase.decode([HistoryEntry].self, from: Data(byWorkflow.stdout.utf8)).map(\.runId) == ["h-3"])
    }

    @Test("a run whose standard output nobody reads any more still completes")
    func closedStandardOutput() async throws {
        let file = try workspace.write("two-steps.yaml", Self.twoSteps)

        let run = try await workspace.start(["run", file, "--run-id", "closed-1"], closedStdout: true).finish()

        // Printing progress must not decide the run: a reader like `head` may go away early.
        let recorded = try await workspace.history().first?.status
        #expect(run.signal == nil, "capzflow crashed: \(run)")
        #expect(recorded == "succeeded")
    }

    @Test("human output shows times in the local time zone while JSON keeps UTC")
    func humanTimesAreLocal() async throws {
        let zone = try #require(TimeZone(identifier: "Asia/Kolkata"), "needs the tz database")
        let file = try workspace.write("two-steps.yaml", Self.twoSteps)
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "tz-1"))
        let entry = try #require(try await workspace.history().first)
        let started = try #require(Timestamp.parse(entry.startedAt))
        #expect(entry.startedAt.hasSuffix("Z"), "JSON times are UTC: \(entry.startedAt)")

        let history = try await workspace.capzflow("history", environment: ["TZ": "Asia/Kolkata"])

        expectExit(0, history)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        #expect(history.stdout.contains(formatter.string(from: started)), "local time \(formatter.string(from: started)): \(history)")
    }
}
