#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// `service` steps: detached processes that outlive the runner and are reused, not started
/// twice, when a run is resumed.
@Suite("services")
struct ServiceTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// A service that writes its pid to `$WORK/svc.pid` and is ready once `ready` holds; then a
    /// step that, on its first attempt, announces itself with `$WORK/later.marker` and waits.
    static func workflow(ready: String) -> String {
        """
        version: 1
        name: with-service
        steps:
          - id: svc
            service:
              run: echo $$ > "$WORK/svc.pid"; exec sleep 1000
              ready: \(ready)
              ready_timeout: 10m
          - id: later
            run: |
              if [ ! -e "$WORK/later.marker" ]; then
                touch "$WORK/later.marker"
                while :; do sleep 1; done
              fi
              echo "later finished"
        """
    }

    /// The service's pid from its file, handed to the workspace so the test's end kills it.
    private func servicePid() throws -> Int32 {
        let pid = try workspace.pid(in: "svc.pid")
        workspace.endAtCleanup(pid)
        return pid
    }

    /// Kills `runner` with SIGKILL and waits until it is reaped.
    private func killHard(_ runner: RunningCommand) async throws {
        runner.send(SIGKILL)
        #expect(try await runner.finish().signal == SIGKILL)
    }

    @Test("a service keeps running after the run that started it has ended")
    func serviceOutlivesRunner() async throws {
        try workspace.write("later.marker", "")
        let file = try workspace.write("service.yaml", Self.workflow(ready: #"test -s "$WORK/svc.pid""#))

        let run = try await workspace.capzflow("run", file, "--run-id", "svc-1")

        expectExit(0, run)
        let pid = try servicePid()
        let started = try #require(try await workspace.events("svc-1").of("service.started").first)
        #expect(started.pid == pid, "the recorded pid is the service's own")
        #expect(!ProcessProbe.isGone(pid), "the service died with its runner")
    }

    @Test("after kill -9 during a later step, resume reuses the running service instead of starting another")
    func serviceSurvivesCrashAndIsReused() async throws {
        let file = try workspace.write("service.yaml", Self.workflow(ready: #"test -s "$WORK/svc.pid""#))
        let runner = try workspace.start(["run", file, "--run-id", "svc-2"])
        try await workspace.waitForFile("later.marker", from: runner)
        let pid = try servicePid()

        try await killHard(runner)
        let resume = try await workspace.capzflow("resume", "svc-2")

        expectExit(0, resume)
        let events = try await workspace.events("svc-2")
        #expect(events.of("service.started").count == 1, "\(events.types)")
        #expect(events.of("service.started").first?.pid == pid)
        #expect(try servicePid() == pid, "the service was not started again")
        #expect(!ProcessProbe.isGone(pid), "the service survived the crash and the resume")
        #expect(events.of("step.started", step: "svc").count == 1)
    }

    @Test("after kill -9 while waiting for the service to be ready, resume reuses the service")
    func serviceReusedWhenKilledBeforeReady() async throws {
        try workspace.write("later.marker", "")
        let file = try workspace.write("service.yaml", Self.workflow(ready: #"test -e "$WORK/svc.ready""#))
        let runner = try workspace.start(["run", file, "--run-id", "svc-3"])
        try await workspace.waitForEvent("svc-3", "service.started", from: runner) { $0.type == "service.started" }
        try await workspace.waitForFile("svc.pid", from: runner)
        let pid = try servicePid()

        try await killHard(runner)
        try workspace.write("svc.ready", "")
        let resume = try await workspace.capzflow("resume", "svc-3")

        expectExit(0, resume)
        let events = try await workspace.events("svc-3")
        #expect(events.of("service.started").count == 1, "\(events.types)")
        #expect(events.of("step.started", step: "svc").compactMap(\.attempt) == [1, 2])
        #expect(events.of("step.succeeded", step: "svc").first?.note?.contains("reused") == true, "\(events)")
        #expect(try servicePid() == pid)
        #expect(!ProcessProbe.isGone(pid))
    }

    @Test("a service that died while its run was down is started again on resume")
    func deadServiceIsRestarted() async throws {
        let file = try workspace.write("service.yaml", Self.workflow(ready: #"test -s "$WORK/svc.pid""#))
        let runner = try workspace.start(["run", file, "--run-id", "svc-4"])
        try await workspace.waitForFile("later.marker", from: runner)
        let first = try servicePid()
        try await killHard(runner)
        kill(first, SIGKILL)
        try await ProcessProbe.waitUntilGone([first], "the killed service")
        try FileManager.default.removeItem(atPath: workspace.path("svc.pid"))

        let resume = try await workspace.capzflow("resume", "svc-4")

        expectExit(0, resume)
        let events = try await workspace.events("svc-4")
        let starts = events.of("service.started")
        #expect(starts.count == 2, "\(events.types)")
        let second = try servicePid()
        #expect(second != first)
        #expect(starts.last?.pid == second)
        #expect(!ProcessProbe.isGone(second))
    }

    @Test("a service does not inherit descriptors that capzflow's caller left open")
    func serviceInheritsNoDescriptors() async throws {
        try workspace.write("later.marker", "")
        let file = try workspace.write("service.yaml", Self.workflow(ready: #"test -s "$WORK/svc.pid""#))
        let inherited = workspace.path("inherited-descriptor")

        let run = try await workspace.start(["run", file, "--run-id", "svc-5"], descriptor: inherited).finish()

        expectExit(0, run)
        let pid = try servicePid()
        let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/9")
        // A caller that learns a child ended from EOF on such a descriptor (Foundation's
        // Process on Linux does) waits as long as the service lives.
        #expect(target != inherited, "the service holds the caller's descriptor 9 open")
    }

    @Test("a service that never becomes ready times out and is stopped")
    func unreadyServiceIsStopped() async throws {
        try workspace.write("later.marker", "")
        let file = try workspace.write("service.yaml", """
            version: 1
            name: never-ready
            steps:
              - id: svc
                service:
                  run: echo $$ > "$WORK/svc.pid"; exec sleep 1000
                  ready: test -e "$WORK/never"
                  ready_timeout: 1s
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "svc-6")

        expectExit(1, run)
        let pid = try servicePid()
        #expect(!(try await workspace.events("svc-6").of("step.timed_out", step: "svc").isEmpty))
        try await ProcessProbe.waitUntilGone([pid], "the service that never became ready")
    }

    @Test("a service that dies while the run goes on is started again and the run succeeds")
    func serviceDyingMidRunIsRestarted() async throws {
        // The first instance dies once the second step asks it to; the second one stays up.
        let file = try workspace.write("service.yaml", """
            version: 1
            name: dies-once
            steps:
              - id: svc
                service:
                  run: |
                    echo $$ >> "$WORK/svc.pids"
                    touch "$WORK/up"
                    if [ "$(wc -l < "$WORK/svc.pids")" -eq 1 ]; then
                      until [ -e "$WORK/die" ]; do sleep 0.05; done
                      echo "first instance exiting" >&2
                      exit 1
                    fi
                    exec sleep 1000
                  ready: test -e "$WORK/up"
              - id: kill-it
                run: |
                  pid=$(head -n 1 "$WORK/svc.pids")
                  touch "$WORK/die"
                  while [ -e "/proc/$pid" ] && ! grep -q ') Z' "/proc/$pid/stat" 2>/dev/null; do sleep 0.05; done
                  # The second instance is ready only once it says so itself.
                  rm -f "$WORK/up"
              - id: after
                run: "true"
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "svc-7")

        let pids = try workspace.read("svc.pids").split(separator: "\n").compactMap { Int32($0) }
        pids.forEach(workspace.endAtCleanup)
        expectExit(0, run)
        let events = try await workspace.events("svc-7")
        let reset = try #require(events.of("step.reset", step: "svc").first, "\(events.types)")
        #expect(reset.by == "capzflow")
        #expect(reset.reason?.contains("pid \(pids.first ?? 0)) is no longer running") == true, "\(reset)")
        #expect(events.of("service.started").compactMap(\.pid) == pids, "one new service, no more")
        #expect(pids.count == 2)
        #expect(!ProcessProbe.isGone(pids.last ?? 0), "the second service runs on after the run")
    }

    @Test("a service that exits before it is ready fails its attempt at once, quoting its log")
    func serviceDyingBeforeReadyFails() async throws {
        let file = try workspace.write("service.yaml", """
            version: 1
            name: dies-early
            steps:
              - id: svc
                service:
                  run: |
                    sleep 0.2
                    echo "Error: port 10350 is already in use" >&2
                    exit 1
                  ready: test -e "$WORK/never"
                  ready_timeout: 10m
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "svc-8")

        expectExit(1, run)
        let failed = try #require(try await workspace.events("svc-8").of("step.failed", step: "svc").first)
        #expect(failed.reason?.contains("exited before it was ready: Error: port 10350 is already in use") == true, "\(failed)")
        #expect(run.stdout.contains("port 10350 is already in use"), "\(run)")
    }

    @Test("a service that keeps dying is started again three times, then the run fails")
    func serviceDyingOverAndOverFailsTheRun() async throws {
        // Each instance exits as soon as its ready probe has seen it.
        let file = try workspace.write("service.yaml", """
            version: 1
            name: dies-always
            steps:
              - id: svc
                service:
                  run: |
                    until [ -e "$WORK/seen" ]; do sleep 0.05; done
                    rm -f "$WORK/seen"
                    exit 1
                  ready: touch "$WORK/seen"
              - id: later
                run: sleep 1000
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "svc-9")

        expectExit(1, run)
        let events = try await workspace.events("svc-9")
        #expect(events.of("service.started").count == 4, "\(events.types)")
        #expect(events.of("step.reset", step: "svc").count == 3)
        let failed = try #require(events.of("run.failed").first)
        #expect(failed.reason?.contains("died again after 3 restarts") == true, "\(failed)")
    }

    @Test("a run of the same id in another database starts its own service, never adopts this one's")
    func sameRunIdElsewhereDoesNotAdopt() async throws {
        let file = try workspace.write("service.yaml", """
            version: 1
            name: same-id
            steps:
              - id: svc
                service:
                  run: echo $$ > "$CAPZFLOW_RUN_FOLDER/svc.pid"; exec sleep 1000
                  ready: test -s "$CAPZFLOW_RUN_FOLDER/svc.pid"
            """)
        let other = workspace.path("other/capzflow.sqlite")

        let first = try await workspace.capzflow("run", file, "--run-id", "same")
        let second = try await workspace.capzflow("run", file, "--run-id", "same", "--state", other, withState: false)

        expectExit(0, first)
        expectExit(0, second)
        let mine = try workspace.pid(in: "state/runs/same/svc.pid")
        let theirs = try workspace.pid(in: "other/runs/same/svc.pid")
        workspace.endAtCleanup(mine)
        workspace.endAtCleanup(theirs)
        #expect(mine != theirs, "the second database's run adopted the first's service")
        let events = try await workspace.capzflow("events", "same", "--json", "--state", other, withState: false)
        #expect(!events.stdout.contains("adopted"), "\(events)")
    }
}
