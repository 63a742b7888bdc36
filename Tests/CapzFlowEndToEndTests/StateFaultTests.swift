#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import Testing

/// The state database in trouble: read-only, its folder missing or moved, truncated, corrupt,
/// from a newer capzflow, or its disk full in the middle of a run.
///
/// Each fault must give a message that names the file and the problem, exit 2 (or 0 for an
/// audit that can still read), and lose nothing that was durable before: the events read
/// afterwards (after the fault is undone) start with every event read before it.
@Suite("state faults")
struct StateFaultTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// Step `one` succeeds; step `two` fails until `$WORK/two-may-pass` exists, so the run
    /// ends failed and a resume has something to do.
    static let resumable = """
        version: 1
        name: faults
        steps:
          - id: one
            run: echo "one ran"
          - id: two
            run: |
              echo "two ran"
              test -e "$WORK/two-may-pass"
        """

    /// Step `hold` waits for `$WORK/hold-release`, after telling the test it started.
    static let holding = """
        version: 1
        name: holding
        steps:
          - id: one
            run: echo "one ran"
          - id: hold
            run: |
              touch "$WORK/hold-started"
              while [ ! -e "$WORK/hold-release" ]; do sleep 0.05; done
              echo released
          - id: three
            run: echo "three ran"
        """

    /// Every command that reads or changes run `runId`.
    /// Runs every command against the damaged database and expects each to exit 2 naming the
    /// file and saying `message`.
    func expectEveryCommandRefused(
        _ runId: String, workflow: String, saying message: String, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for arguments in Self.everyCommand(runId, workflow: workflow) {
            let result = try await workspace.start(arguments).finish()
            expectExit(2, result, Comment(rawValue: what), sourceLocation: sourceLocation)
            #expect(result.stderr.contains(workspace.statePath) && result.stderr.contains(message), "\(result)", sourceLocation: sourceLocation)
        }
    }

    static func everyCommand(_ runId: String, workflow: String) -> [[String]] {
        [
            ["history", "--json"], ["status", runId, "--json"], ["events", runId, "--json"], ["logs", runId],
            ["run", workflow], ["resume", runId], ["cancel", runId], ["skip", runId, "two", "--reason", "fault test"],
            ["signal", runId, "go"],
        ]
    }

    /// The audit commands, which only read.
    static func readCommands(_ runId: String) -> [[String]] {
        [["history", "--json"], ["status", runId, "--json"], ["events", runId, "--json"], ["logs", runId]]
    }

    /// Creates run `runId` of `resumable`, which fails at step `two`, and returns its events.
    private func failedRun(_ runId: String) async throws -> (workflow: String, events: [EventLine]) {
        let workflow = try workspace.write("resumable.yaml", Self.resumable)
        expectExit(1, try await workspace.capzflow("run", workflow, "--run-id", runId))
        return (workflow, try await workspace.events(runId))
    }

    /// Runs `statement` on the database file directly, as another program (or a newer capzflow)
    /// would; closing the connection checkpoints it into the file.
    private func execute(_ statement: String) throws {
        let queue = try DatabaseQueue(path: workspace.statePath)
        try queue.writeWithoutTransaction { db in try db.execute(sql: statement) }
        try queue.close()
    }

    private func bytes(_ path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }

    private func setMode(_ mode: Int, _ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// `before` is where `after` starts: every event that was durable is still there, unchanged.
    private func expectKept(_ before: [EventLine], in after: [EventLine], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Array(after.prefix(before.count).map(\.text)) == before.map(\.text),
                "the events recorded before the fault changed", sourceLocation: sourceLocation)
        #expect(after.map(\.seq) == Array((0..<after.count).map { $0 + 1 }), "a gap in the log", sourceLocation: sourceLocation)
    }

    // MARK: read-only

    @Test("a read-only database file can still be audited; run, resume and the commands that write exit 2 saying it is read-only",
          .enabled(if: Unprivileged.isPossible, Unprivileged.why))
    func readOnlyFile() async throws {
        let (workflow, before) = try await failedRun("ro-1")
        try setMode(0o400, workspace.statePath)
        defer { try? setMode(0o600, workspace.statePath) }

        for arguments in Self.readCommands("ro-1") {
            let result = try await Unprivileged.capzflow(arguments, in: workspace)
            expectExit(0, result, "an audit of a read-only database")
        }
        let events = try await Unprivileged.capzflow(["events", "ro-1", "--json"], in: workspace)
        #expect(try EventLine.parse(events.stdout).map(\.text) == before.map(\.text))
        for arguments in Self.everyCommand("ro-1", workflow: workflow) where !Self.readCommands("ro-1").contains(arguments) {
            let result = try await Unprivileged.capzflow(arguments, in: workspace)
            expectExit(2, result, "a write to a read-only database")
            #expect(result.stderr.contains(workspace.statePath) && result.stderr.contains("read-only"), "\(result)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one message: \(result)")
        }

        try setMode(0o600, workspace.statePath)
        try workspace.write("two-may-pass", "")
        let resumed = try await Unprivileged.capzflow(["resume", "ro-1"], in: workspace)
        expectExit(0, resumed, "resume once the file is writable again, even after reads left -wal and -shm behind")
        let after = try await workspace.events("ro-1")
        expectKept(before, in: after)
        #expect(after.last?.type == "run.succeeded")
    }

    @Test("a read-only file in a read-only folder: audits work while its -shm exists, and say what is missing when it does not",
          .enabled(if: Unprivileged.isPossible, Unprivileged.why))
    func readOnlyFolder() async throws {
        let (_, before) = try await failedRun("ro-2")
        // The runner's last close checkpointed and removed them; the reads since left empty ones.
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: workspace.statePath + suffix) {
            if suffix == "-wal" { try #require(bytes(workspace.statePath + suffix)?.isEmpty == true, "no events only in the -wal") }
            try FileManager.default.removeItem(atPath: workspace.statePath + suffix)
        }
        let folder = (workspace.statePath as NSString).deletingLastPathComponent
        try setMode(0o400, workspace.statePath)
        try setMode(0o500, folder)
        defer {
            try? setMode(0o700, folder)
            try? setMode(0o600, workspace.statePath)
        }

        let refused = try await Unprivileged.capzflow(["status", "ro-2"], in: workspace)

        expectExit(2, refused)
        #expect(refused.stderr.contains(workspace.statePath + "-shm") && refused.stderr.contains("read-only folder"), "\(refused)")

        try setMode(0o700, folder)
        expectExit(0, try await Unprivileged.capzflow(["history"], in: workspace), "a read with the folder writable")
        try setMode(0o500, folder)
        for arguments in Self.readCommands("ro-2") {
            expectExit(0, try await Unprivileged.capzflow(arguments, in: workspace), "an audit once -shm exists")
        }
        let events = try await Unprivileged.capzflow(["events", "ro-2", "--json"], in: workspace)
        #expect(try EventLine.parse(events.stdout).map(\.text) == before.map(\.text))
    }

    @Test("a read-only database after kill -9 (its last events still in the -wal) is audited in full",
          .enabled(if: Unprivileged.isPossible, Unprivileged.why))
    func readOnlyAfterCrash() async throws {
        let workflow = try workspace.write("holding.yaml", Self.holding)
        let runner = try workspace.start(["run", workflow, "--run-id", "ro-3"])
        try await workspace.waitForFile("hold-started", from: runner)
        try await workspace.waitForEvent("ro-3", "hold started", from: runner) { $0.type == "step.started" && $0.step == "hold" }
        runner.send(SIGKILL)
        _ = try await runner.finish()
        let before = try await workspace.events("ro-3")
        #expect((bytes(workspace.statePath + "-wal")?.count ?? 0) > 0, "the killed runner's events are in the -wal")
        for suffix in ["", "-wal", "-shm"] { try setMode(0o400, workspace.statePath + suffix) }
        defer { for suffix in ["", "-wal", "-shm"] { try? setMode(0o600, workspace.statePath + suffix) } }

        let events = try await Unprivileged.capzflow(["events", "ro-3", "--json"], in: workspace)
        let status = try await Unprivileged.capzflow(["status", "ro-3"], in: workspace)

        expectExit(0, events)
        expectExit(0, status)
        #expect(try EventLine.parse(events.stdout).map(\.text) == before.map(\.text))
        #expect(status.stdout.contains("interrupted"), "\(status)")
    }

    // MARK: the folder

    @Test("without the database's folder, audits find no run and create nothing")
    func folderMissing() async throws {
        let database = workspace.path("gone/state/db.sqlite")
        let history = try await workspace.start(["history", "--state", database], withState: false).finish()
        expectExit(0, history)
        #expect(history.stdout.contains("no runs yet"), "\(history)")
        for arguments in [["status", "r1"], ["events", "r1"], ["logs", "r1"], ["resume", "r1"], ["cancel", "r1"]] {
            let result = try await workspace.start(arguments + ["--state", database], withState: false).finish()
            expectExit(4, result)
            #expect(result.stderr.contains("r1"), "\(result)")
        }
        #expect(!workspace.exists("gone"), "a command that only looks created the folder")
    }

    @Test("a database whose folder cannot be created is refused with exit 2, naming the path")
    func folderCannotBeCreated() async throws {
        let workflow = try workspace.write("resumable.yaml", Self.resumable)
        try workspace.write("blocker", "a file where the folder should be")
        let database = workspace.path("blocker/state/db.sqlite")

        let run = try await workspace.start(["run", workflow, "--state", database], withState: false).finish()

        expectExit(2, run)
        #expect(run.stderr.contains(database) && run.stderr.contains("cannot create its folder"), "\(run)")
        #expect(!run.stdout.contains("one ran"))
    }

    @Test("the state folder moved away mid-run stops the runner with exit 2; moved back, nothing is lost and resume finishes")
    func folderMovedMidRun() async throws {
        let workflow = try workspace.write("holding.yaml", Self.holding)
        let runner = try workspace.start(["run", workflow, "--run-id", "moved-1"])
        try await workspace.waitForEvent("moved-1", "hold started", from: runner) { $0.type == "step.started" && $0.step == "hold" }
        try await workspace.waitForFile("hold-started", from: runner)
        let before = try await workspace.events("moved-1")

        try FileManager.default.moveItem(atPath: workspace.path("state"), toPath: workspace.path("state-moved"))
        try workspace.write("hold-release", "")
        let stopped = try await runner.finish()

        expectExit(2, stopped, "a runner whose database went away")
        #expect(stopped.stderr.contains(workspace.statePath) && stopped.stderr.contains("no longer there"), "\(stopped)")
        #expect(!stopped.stdout.contains("run succeeded"), "\(stopped)")
        try FileManager.default.moveItem(atPath: workspace.path("state-moved"), toPath: workspace.path("state"))
        expectKept(before, in: try await workspace.events("moved-1"))
        let resumed = try await workspace.capzflow("resume", "moved-1")
        expectExit(0, resumed)
        let after = try await workspace.events("moved-1")
        expectKept(before, in: after)
        #expect(after.last?.type == "run.succeeded")
    }

    @Test("the state folder deleted mid-run stops the runner with exit 2 instead of recording into a deleted file")
    func folderDeletedMidRun() async throws {
        let workflow = try workspace.write("holding.yaml", Self.holding)
        let runner = try workspace.start(["run", workflow, "--run-id", "deleted-1"])
        try await workspace.waitForEvent("deleted-1", "hold started", from: runner) { $0.type == "step.started" && $0.step == "hold" }
        try await workspace.waitForFile("hold-started", from: runner)

        try FileManager.default.removeItem(atPath: workspace.path("state"))
        try workspace.write("hold-release", "")
        let stopped = try await runner.finish()

        expectExit(2, stopped, "a runner whose database was deleted")
        #expect(stopped.stderr.contains("no longer there"), "\(stopped)")
        #expect(!stopped.stdout.contains("three ran") && !stopped.stdout.contains("run succeeded"), "\(stopped)")
    }

    // MARK: damaged files

    @Test("a truncated database is refused by every command with exit 2, and left as it was")
    func truncated() async throws {
        let (workflow, _) = try await failedRun("cut-1")
        _ = try await failedRun("cut-2")
        let whole = try #require(bytes(workspace.statePath))
        let cut = whole.prefix(whole.count / 2)
        try workspace.write("state/capzflow.sqlite", Data(cut))

        try await expectEveryCommandRefused("cut-1", workflow: workflow, saying: "damaged or truncated", "a command on a truncated database")
        #expect(bytes(workspace.statePath) == Data(cut), "a command wrote to the truncated file")
    }

    @Test("random bytes over the header: every command exits 2 naming the file, which is left as it was")
    func corruptHeader() async throws {
        let (workflow, _) = try await failedRun("head-1")
        var damaged = try #require(bytes(workspace.statePath))
        damaged.replaceSubrange(0..<100, with: Self.garbage(count: 100))
        try workspace.write("state/capzflow.sqlite", damaged)

        try await expectEveryCommandRefused("head-1", workflow: workflow, saying: "not a capzflow state database", "a command on a database with a damaged header")
        #expect(bytes(workspace.statePath) == damaged, "a command wrote to the damaged file")
        #expect((bytes(workspace.statePath + "-wal")?.count ?? 0) == 0, "a command wrote to the damaged file's -wal")
    }

    @Test("random bytes over the page holding a run's events: reading them exits 2 naming the file; no command crashes")
    func corruptPage() async throws {
        let workflow = try workspace.write("marked.yaml", """
            version: 1
            name: marked
            steps:
              - id: mark
                run: echo "MARK=page-marker-$CAPZFLOW_RUN_ID-0123456789" >> "$CAPZFLOW_OUTPUT"
                outputs: [MARK]
              - id: two
                run: echo two
            """)
        expectExit(0, try await workspace.capzflow("run", workflow, "--run-id", "victim"))
        var damaged = try #require(bytes(workspace.statePath))
        let marker = try #require(damaged.range(of: Data("page-marker-victim-0123456789".utf8)), "the event is in the file itself")
        let page = marker.lowerBound / 4096 * 4096
        damaged.replaceSubrange(page..<page + 4096, with: Self.garbage(count: 4096))
        try workspace.write("state/capzflow.sqlite", damaged)

        for arguments in [["events", "victim", "--json"], ["status", "victim"], ["logs", "victim"]] {
            let result = try await workspace.start(arguments).finish()
            expectExit(2, result, "reading a damaged page")
            #expect(result.stderr.contains(workspace.statePath) && result.stderr.contains("damaged"), "\(result)")
        }
        #expect(bytes(workspace.statePath) == damaged, "an audit wrote to the damaged file")
        for arguments in [["history"], ["run", workflow, "--run-id", "after"], ["resume", "victim", "--from", "mark"]] {
            let result = try await workspace.start(arguments).finish()
            #expect(result.signal == nil && [0, 1, 2].contains(result.exitCode), "\(result)")
            if result.exitCode == 2 { #expect(result.stderr.contains(workspace.statePath), "\(result)") }
        }
    }

    /// Bytes that are no SQLite page: a deterministic pattern starting with 0 (not a page type).
    static func garbage(count: Int) -> Data {
        var state: UInt32 = 0x2545_F491
        return Data((0..<count).map { index in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return index == 0 ? 0 : UInt8(truncatingIfNeeded: state)
        })
    }

    // MARK: a newer capzflow

    /// How a newer capzflow could have marked the schema.
    struct NewerSchema: Sendable, CustomTestStringConvertible {
        let name: String
        let mark: String
        let unmark: String
        var testDescription: String { name }
    }

    static let newerSchemas = [
        NewerSchema(name: "a migration this build does not know",
                    mark: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-a-newer-capzflow')",
                    unmark: "DELETE FROM grdb_migrations WHERE identifier = 'v99-from-a-newer-capzflow'"),
        NewerSchema(name: "a PRAGMA user_version this build never sets",
                    mark: "PRAGMA user_version = 2", unmark: "PRAGMA user_version = 0"),
    ]

    @Test("a database from a newer capzflow is refused by every command with exit 2, and nothing in it changes",
          arguments: newerSchemas)
    func newerSchema(_ schema: NewerSchema) async throws {
        let (workflow, before) = try await failedRun("newer-1")
        try execute(schema.mark)
        let marked = try #require(bytes(workspace.statePath))

        try await expectEveryCommandRefused("newer-1", workflow: workflow, saying: "newer capzflow", "a command on a newer database")
        #expect(bytes(workspace.statePath) == marked, "a command changed the newer database")
        #expect((bytes(workspace.statePath + "-wal")?.count ?? 0) == 0, "a command wrote to the newer database's -wal")

        try execute(schema.unmark)
        #expect(try await workspace.events("newer-1").map(\.text) == before.map(\.text))
    }

    @Test("another program's SQLite database is refused with exit 2 and left exactly as it was")
    func foreignDatabase() async throws {
        let workflow = try workspace.write("resumable.yaml", Self.resumable)
        try FileManager.default.createDirectory(atPath: workspace.path("state"), withIntermediateDirectories: true)
        try execute("CREATE TABLE places (url TEXT); INSERT INTO places VALUES ('https://example.invalid')")
        let original = try #require(bytes(workspace.statePath))

        try await expectEveryCommandRefused("r1", workflow: workflow, saying: "another program's database", "a command on another program's database")
        #expect(bytes(workspace.statePath) == original, "capzflow changed another program's database")
    }

    // MARK: a full disk

    /// A step between two quiet ones that prints about 8 MB: more than the small disks below hold.
    static let chatty = """
        version: 1
        name: chatty
        steps:
          - id: one
            run: echo "one ran"
          - id: chatty
            run: |
              line=$(printf '%01000d' 0)
              for i in $(seq 8000); do echo "$line"; done
          - id: three
            run: echo "three ran"
        """

    @Test("output that cannot be written (/dev/full) makes an audit exit 2 saying so; a run only warns, and is recorded",
          .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func outputToAFullDevice() async throws {
        let workflow = try workspace.write("one.yaml", """
            version: 1
            name: one
            steps:
              - id: one
                run: echo "one ran"
            """)
        let toFull = ["bash", "-c", #"exec "$0" "$@" > /dev/full"#]
        let ran = try await Wrapped.capzflow(toFull, ["run", workflow, "--run-id", "full-out"], in: workspace)
        let audited = try await Wrapped.capzflow(toFull, ["events", "full-out", "--json"], in: workspace)
        let piped = try await Wrapped.capzflow(["bash", "-c", #"set -o pipefail; "$0" "$@" | head -c 1 > /dev/null"#], ["events", "full-out", "--json"], in: workspace)

        expectExit(0, ran)
        #expect(ran.stderr.contains("could not write to standard output (No space left on device); the run itself is recorded"), "\(ran)")
        #expect(try await workspace.status("full-out").status == "succeeded")
        expectExit(2, audited)
        #expect(audited.stderr.contains("could not write to standard output (No space left on device)"), "\(audited)")
        expectExit(0, piped)
        #expect(!piped.stderr.contains("could not write"), "a reader that goes away early is not an error: \(piped)")
    }

    @Test("a file size limit reached mid-run stops the runner with exit 2 (no SIGXFSZ death), naming the limit; resume finishes without loss")
    func fileSizeLimit() async throws {
        let workflow = try workspace.write("chatty.yaml", Self.chatty)
        // 1 MiB (bash counts `ulimit -f` in KiB): the run starts, and the output cannot fit.
        let limited = try await Wrapped.capzflow(
            ["bash", "-c", #"ulimit -f 1024 && exec "$0" "$@""#], ["run", workflow, "--run-id", "full-1"], in: workspace)

        #expect(limited.signal == nil, "killed by a signal: \(limited)")
        expectExit(2, limited)
        #expect(limited.stderr.contains(workspace.statePath) && limited.stderr.contains("ulimit -f"), "\(limited)")
        #expect(limited.stderr.contains("capzflow resume full-1"), "says how to go on: \(limited)")
        let before = try await workspace.events("full-1")
        #expect(before.of("step.succeeded", step: "one").count == 1, "\(before.types)")

        let resumed = try await workspace.capzflow("resume", "full-1")

        expectExit(0, resumed)
        let after = try await workspace.events("full-1")
        expectKept(before, in: after)
        #expect(after.of("step.succeeded", step: "three").count == 1)
        #expect(after.of("step.started", step: "one").count == 1, "a finished step ran again")
        #expect(try await workspace.capzflow("logs", "full-1", "one").stdout.contains("one ran"))
    }

    @Test("a full disk (a small tmpfs) mid-run stops the runner with exit 2 saying so; with room again, resume finishes without loss",
          .enabled(if: SmallDisk.isPossible, "needs `unshare --user --map-root-user --mount` to mount a private tmpfs"))
    func diskFull() async throws {
        let workflow = try workspace.write("chatty.yaml", Self.chatty)
        let binary = try CapzflowBinary.path()
        try FileManager.default.createDirectory(atPath: workspace.path("small"), withIntermediateDirectories: true)
        // The tmpfs exists only inside the namespace, so everything that needs it runs there:
        // the run on a 2 MiB disk, the events it left, then the resume with room to spare.
        let script = #"""
            set -u
            capzflow=$1; workflow=$2; state="$WORK/small/db.sqlite"
            mount -t tmpfs -o size=2m tmpfs "$WORK/small" || exit 90
            "$capzflow" run "$workflow" --run-id full-2 --state "$state" >"$WORK/run.out" 2>"$WORK/run.err"
            echo $? >"$WORK/run.code"
            "$capzflow" events full-2 --json --state "$state" >"$WORK/before.json" 2>&1
            mount -o remount,size=64m "$WORK/small" || exit 91
            "$capzflow" resume full-2 --state "$state" >"$WORK/resume.out" 2>&1
            echo $? >"$WORK/resume.code"
            "$capzflow" events full-2 --json --state "$state" >"$WORK/after.json" 2>&1
            """#
        let result = try await Wrapped.run(
            ["unshare", "--user", "--map-root-user", "--mount", "bash", "-c", script, "capzflow-disk-full", binary, workflow],
            in: workspace)

        expectExit(0, result, "the namespace script")
        let message = try workspace.read("run.err")
        #expect(try workspace.read("run.code").trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(message)")
        #expect(message.contains("small/db.sqlite") && message.contains("is full") && message.contains("capzflow resume full-2"), "\(message)")
        let resumed = try workspace.read("resume.out")
        #expect(try workspace.read("resume.code").trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(resumed)")
        let before = try EventLine.parse(workspace.read("before.json"))
        let after = try EventLine.parse(workspace.read("after.json"))
        #expect(before.of("step.succeeded", step: "one").count == 1, "\(before.types)")
        expectKept(before, in: after)
        #expect(after.last?.type == "run.succeeded")
    }
}

/// Runs `capzflow` under a wrapper program (looked up on `PATH`), with the workspace's
/// environment, folder and database.
enum Wrapped {
    /// `wrapper… capzflow arguments… --state <workspace database>`.
    static func capzflow(_ wrapper: [String], _ arguments: [String], in workspace: Workspace) async throws -> CommandResult {
        try await run(wrapper + [try CapzflowBinary.path()] + arguments + ["--state", workspace.statePath], in: workspace)
    }

    /// Runs `command` (a program on `PATH` and its arguments) in the workspace's folder.
    static func run(_ command: [String], in workspace: Workspace) async throws -> CommandResult {
        let name = "wrapped-\(UUID().uuidString.prefix(8))"
        let process = try RunningCommand(
            executable: command[0], arguments: Array(command.dropFirst()), environment: workspace.environment(),
            workingDirectory: workspace.folder, stdoutPath: workspace.path(".\(name).stdout"),
            stderrPath: workspace.path(".\(name).stderr"))
        return try await process.finish()
    }
}

/// Runs `capzflow` as a process that file permissions apply to.
///
/// Root ignores a file's mode (CAP_DAC_OVERRIDE), so a read-only database is read-only only to
/// a process without that capability: as root, capzflow runs under `setpriv` with the
/// capabilities that bypass permissions dropped; as anyone else, as it is.
enum Unprivileged {
    static let dropped = "--bounding-set=-dac_override,-dac_read_search,-fowner"

    static let why: Comment = "as root, needs setpriv to drop the capabilities that ignore file modes"

    static var isPossible: Bool {
        geteuid() != 0 || onPath("setpriv")
    }

    static func capzflow(_ arguments: [String], in workspace: Workspace) async throws -> CommandResult {
        try await Wrapped.capzflow(geteuid() == 0 ? ["setpriv", dropped] : ["env"], arguments, in: workspace)
    }

    /// Whether an executable `name` is on `PATH`.
    static func onPath(_ name: String) -> Bool {
        pathOf(name) != nil
    }

    /// Where `PATH` finds the executable `name`, if anywhere.
    static func pathOf(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Whether this machine lets a test mount a private tmpfs: `unshare` into a user and mount
/// namespace, where the test is root of nothing but its own mounts.
enum SmallDisk {
    static let isPossible: Bool = {
        guard Unprivileged.pathOf("unshare") != nil else { return false }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("capzflow-tmpfs-probe-\(UUID().uuidString.prefix(8))")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: Unprivileged.pathOf("unshare") ?? "unshare")
        probe.arguments = ["--user", "--map-root-user", "--mount", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", folder.path]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()
}
