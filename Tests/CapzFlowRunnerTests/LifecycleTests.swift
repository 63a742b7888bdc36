import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation
import Testing

@Suite("Runner lifecycle: leases, fencing and resume")
struct LifecycleTests {
    static let awaiting = """
        version: 1
        name: lifecycle
        steps:
          - id: first
            run: echo first
          - id: gate
            await: go
            timeout: 5m
          - id: last
            run: echo last
        """

    /// Starts the `awaiting` workflow as run `runId` and returns once its `gate` step waits.
    private func startAwaiting(_ runId: String, in fixture: borrowing RunnerFixture) async throws -> (Task<RunResult, any Error>, RunnerSettings) {
        let path = try fixture.workflow(Self.awaiting)
        let settings = try fixture.settings()
        let watcher = EventWatcher()
        let store = fixture.store
        let run = Task {
            try await Runner.start(try WorkflowSource.load(path), params: [], runId: runId, settings: settings, store: store, observer: watcher)
        }
        await watcher.wait { $0.event.type == "step.started" && $0.event.step == "gate" }
        return (run, settings)
    }

    @Test("a second resume of a run whose runner is alive is refused and names the holder")
    func secondRunnerRefused() async throws {
        let fixture = try RunnerFixture()
        let (run, settings) = try await startAwaiting("held", in: fixture)
        let store = fixture.store

        await #expect {
            _ = try await Runner.resume(runId: "held", from: nil, reload: false, settings: settings, store: store, observer: nil)
        } throws: { error in
            guard case let .held(lease) = error as? RunnerError else { return false }
            return lease.pid == getpid() && "\(error)".contains("pid \(getpid())")
        }

        let signal = Event.signalReceived(SignalReceived(name: "go", by: "test"))
        _ = try store.appendUnfenced([NewEvent(at: Date(), type: signal.type, payload: signal.payloadJSON())], to: "held", status: nil)
        let result = try await run.value
        #expect(result.state.status == .succeeded)
        #expect(try store.lease(of: "held") == nil, "a finished runner releases its lease")
    }

    @Test("a runner that lost its lease cannot append another event")
    func fencedAfterTakeover() async throws {
        let fixture = try RunnerFixture()
        let (run, _) = try await startAwaiting("fenced", in: fixture)
        let store = fixture.store

        // Another runner takes the lease over (as if this one had been declared dead).
        let held = try #require(try store.lease(of: "fenced"))
        let now = Date()
        let thief = Lease(runId: "fenced", token: "thief", pid: 1, host: "elsewhere", processStart: 1,
                          acquiredAt: now, heartbeatAt: now, expiresAt: now.addingTimeInterval(600))
        let last = try #require(try store.lastSeq(of: "fenced"))
        _ = try store.takeLease(thief, replacing: held.token, events: [], expectedLastSeq: last, status: nil)
        let eventsBefore = try store.events(of: "fenced").count

        let signal = Event.signalReceived(SignalReceived(name: "go", by: "test"))
        _ = try store.appendUnfenced([NewEvent(at: Date(), type: signal.type, payload: signal.payloadJSON())], to: "fenced", status: nil)

        await #expect {
            _ = try await run.value
        } throws: { error in
            if case .leaseLost = error as? RunnerError { return true }
            return false
        }
        #expect(try store.events(of: "fenced").count == eventsBefore + 1, "only the unfenced signal landed")
        #expect(try store.lease(of: "fenced")?.token == "thief")
    }

    @Test("a skip recorded by another process wins over a pending start")
    func externalSkipIsFolded() async throws {
        let fixture = try RunnerFixture()
        let (run, _) = try await startAwaiting("skip", in: fixture)
        let store = fixture.store
        let skip = Event.stepSkipped(StepSkipped(step: "last", source: .user, by: "test", reason: "done by hand"))
        _ = try store.appendUnfenced([NewEvent(at: Date(), type: skip.type, step: "last", payload: skip.payloadJSON())], to: "skip", status: nil)
        let signal = Event.signalReceived(SignalReceived(name: "go", by: "test"))
        _ = try store.appendUnfenced([NewEvent(at: Date(), type: signal.type, payload: signal.payloadJSON())], to: "skip", status: nil)

        let result = try await run.value
        #expect(result.state.status == .succeeded)
        #expect(result.state.step("last").status == .skipped)
        let starts = try store.events(of: "skip").filter { $0.type == "step.started" && $0.step == "last" }
        #expect(starts.isEmpty, "the skipped step never started")
        let seqs = try store.events(of: "skip").map(\.seq)
        #expect(seqs == Array(1...seqs.count), "sequence numbers have no gaps")
    }

    @Test("resume with --from re-runs the step and every step after it, and nothing before")
    func resumeFrom() async throws {
        let fixture = try RunnerFixture()
        let path = try fixture.workflow("""
            version: 1
            name: from
            steps:
              - id: a
                run: echo a >> "$FIXTURE/a.count"
              - id: b
                run: echo b >> "$FIXTURE/b.count"
              - id: c
                run: echo c >> "$FIXTURE/c.count"
            """)
        let settings = try fixture.settings()
        let first = try await Runner.start(try WorkflowSource.load(path), params: [], runId: "from", settings: settings, store: fixture.store, observer: nil)
        #expect(first.state.status == .succeeded)
        let again = try await Runner.resume(runId: "from", from: "b", reload: false, settings: settings, store: fixture.store, observer: nil)
        #expect(again.state.status == .succeeded)
        func lines(_ name: String) throws -> Int {
            try String(contentsOfFile: fixture.folder + "/\(name).count", encoding: .utf8).split(separator: "\n").count
        }
        #expect(try lines("a") == 1)
        #expect(try lines("b") == 2)
        #expect(try lines("c") == 2)
        let resets = try fixture.store.events(of: "from").filter { $0.type == "step.reset" }.compactMap(\.step)
        #expect(resets == ["b", "c"])
    }

    @Test("a changed workflow file is reported on resume and adopted only with --reload")
    func reload() async throws {
        let fixture = try RunnerFixture()
        let original = """
            version: 1
            name: reload
            steps:
              - id: a
                run: echo a
              - id: b
                run: test -f "$FIXTURE/go"
            """
        let path = try fixture.workflow(original)
        let settings = try fixture.settings()
        let first = try await Runner.start(try WorkflowSource.load(path), params: [], runId: "reload", settings: settings, store: fixture.store, observer: nil)
        #expect(first.state.status == .failed)

        _ = try fixture.workflow(original.replacingOccurrences(of: "test -f \"$FIXTURE/go\"", with: "echo fixed"))
        let pinned = try await Runner.resume(runId: "reload", from: nil, reload: false, settings: settings, store: fixture.store, observer: nil)
        #expect(pinned.state.status == .failed, "without --reload the pinned definition still runs")

        let adopted = try await Runner.resume(runId: "reload", from: nil, reload: true, settings: settings, store: fixture.store, observer: nil)
        #expect(adopted.state.status == .succeeded)
        let reloaded = try fixture.store.events(of: "reload").filter { $0.type == "run.reloaded" }
        #expect(reloaded.count == 1)
        #expect(reloaded.first?.payload.contains("\"changed_steps\":[\"b\"]") == true)
    }
}

@Suite("Runner lifecycle: services")
struct ServiceLifecycleTests {
    @Test("a service a crashed runner launched but never recorded is adopted, not started a second time")
    func adoptsUnrecordedService() async throws {
        let fixture = try RunnerFixture()
        let path = try fixture.workflow("""
            version: 1
            name: services
            steps:
              - id: svc
                service:
                  run: echo started >> "$FIXTURE/launches"; exec sleep 600
                  ready: "true"
            """)
        let settings = try fixture.settings()
        // What a runner killed right after launching would leave: a tagged session leader.
        var environment = settings.environment
        environment["CAPZFLOW_RUN_ID"] = "adopt"
        environment["CAPZFLOW_RUN_FOLDER"] = settings.runsFolder + "/adopt"
        environment["CAPZFLOW_STEP"] = "svc"
        let orphan = try ServiceLauncher.start(
            script: "echo started >> \"$FIXTURE/launches\"; exec sleep 600", environment: environment,
            workingDirectory: nil, logPath: fixture.folder + "/orphan.log")
        let result: RunResult
        do {
            // Wait for the orphan's own mark, so the count below sees it (a hang guard, not a timing).
            let guardDeadline = ContinuousClock.now + .seconds(30)
            while !FileManager.default.fileExists(atPath: fixture.folder + "/launches"), ContinuousClock.now < guardDeadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            result = try await Runner.start(try WorkflowSource.load(path), params: [], runId: "adopt", settings: settings, store: fixture.store, observer: nil)
        } catch {
            await ServiceLauncher.stop(orphan, grace: .seconds(1))
            throw error
        }
        await ServiceLauncher.stop(orphan, grace: .seconds(1))
        #expect(result.state.status == .succeeded)
        #expect(result.state.step("svc").service?.pid == orphan.pid)
        let launches = try String(contentsOfFile: fixture.folder + "/launches", encoding: .utf8)
        #expect(launches.split(separator: "\n").count == 1, "the service was launched once")
    }
}

@Suite("Runner: selective retries and hopeless polls")
struct SelectiveRetryTests {
    @Test("if_output retries a failure whose output matches and not one that does not")
    func retriesOnlyMatchingFailures() async throws {
        let fixture = try RunnerFixture()
        let path = try fixture.workflow("""
            version: 1
            name: throttled
            steps:
              - id: throttled
                run: |
                  n=$(( $(cat "$FIXTURE/t" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$FIXTURE/t"
                  if [ "$n" -lt 3 ]; then echo "(TooManyRequests) HTTP 429 Too Many Requests" >&2; exit 1; fi
              - id: broken
                run: echo "(AuthorizationFailed) no" >&2; exit 1
                retry: { attempts: 5, backoff: 10ms, if_output: '429|TooManyRequests' }
            defaults:
              retry: { attempts: 5, backoff: 10ms, if_output: '429|TooManyRequests' }
            """)
        let result = try await Runner.start(try WorkflowSource.load(path), params: [], runId: "t", settings: try fixture.settings(), store: fixture.store, observer: nil)
        #expect(result.state.step("throttled").status == .succeeded)
        #expect(result.state.step("throttled").attempts == 3)
        #expect(result.state.step("broken").status == .failed)
        #expect(result.state.step("broken").attempts == 1, "an unmatched failure is not retried")
    }

    @Test("a poll whose condition exits with a fail_on code fails at once, long before its deadline")
    func failOnStopsThePoll() async throws {
        let fixture = try RunnerFixture()
        let path = try fixture.workflow("""
            version: 1
            name: hopeless
            steps:
              - id: poll
                wait: { until: 'echo "control plane has 1 replica"; exit 3', interval: 10ms, timeout: 10m, fail_on: [3] }
                retry: { attempts: 3 }
            """)
        let result = try await Runner.start(try WorkflowSource.load(path), params: [], runId: "h", settings: try fixture.settings(), store: fixture.store, observer: nil)
        #expect(result.state.status == .failed)
        #expect(result.state.step("poll").exitCode == 3)
        #expect(result.state.step("poll").reason?.contains("fail_on") == true)
        #expect(result.state.step("poll").attempts == 1, "a fail_on exit is not retried")
    }

    @Test("a poll sees when its attempt started")
    func attemptStartTimeIsExported() async throws {
        let fixture = try RunnerFixture()
        let path = try fixture.workflow("""
            version: 1
            name: started-at
            steps:
              - id: poll
                wait: { until: 'test -n "$CAPZFLOW_ATTEMPT_STARTED_AT" && echo "AT=$CAPZFLOW_ATTEMPT_STARTED_AT" >> "$CAPZFLOW_OUTPUT"', interval: 10ms, timeout: 1m }
                outputs: [AT]
            """)
        let result = try await Runner.start(try WorkflowSource.load(path), params: [], runId: "s", settings: try fixture.settings(), store: fixture.store, observer: nil)
        let started = try #require(result.state.step("poll").startedAt)
        #expect(result.state.outputs["AT"] == String(Int(started.timeIntervalSince1970)))
    }
}
