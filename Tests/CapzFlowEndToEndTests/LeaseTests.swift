#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// One live runner per run, and the exit codes of commands aimed at runs that are held,
/// finished or unknown.
@Suite("leases and unknown runs")
struct LeaseTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// A step that announces itself with `$WORK/live` and ends once `$WORK/release` exists.
    static let heldOpen = """
        version: 1
        name: held-open
        steps:
          - id: hold
            run: |
              touch "$WORK/live"
              while [ ! -e "$WORK/release" ]; do sleep 0.05; done
        """

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test("a second resume of a live run exits 3 naming the runner's pid and host, and changes nothing")
    func liveRunIsHeld() async throws {
        let file = try workspace.write("held.yaml", Self.heldOpen)
        let runner = try workspace.start(["run", file, "--run-id", "held-1"])
        try await workspace.waitForFile("live", from: runner)
        let before = try await workspace.events("held-1")

        let second = try await workspace.capzflow("resume", "held-1")

        expectExit(3, second)
        #expect(second.stderr.contains("\(runner.pid)"), "names the pid \(runner.pid): \(second)")
        #expect(second.stderr.contains(Self.hostName), "names the host \(Self.hostName): \(second)")
        #expect(second.stderr.contains("since"), "says since when: \(second)")
        #expect(try await workspace.events("held-1").types == before.types, "the refused resume wrote nothing")
        try workspace.write("release", "")
        expectExit(0, try await runner.finish())
        let events = try await workspace.events("held-1")
        #expect(events.of("lease.taken_over").isEmpty)
        #expect(events.of("run.resumed").isEmpty)
    }

    @Test("resume of a run that already succeeded exits 0, says there is nothing to do, and records nothing")
    func resumeOfSucceededRunDoesNothing() async throws {
        let file = try workspace.write("held.yaml", Self.heldOpen)
        try workspace.write("release", "")
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "done-1"))
        let before = try await workspace.capzflow("events", "done-1", "--json")

        let resume = try await workspace.capzflow("resume", "done-1")

        expectExit(0, resume)
        #expect(resume.stdout.contains("already succeeded"), "\(resume)")
        #expect(try await workspace.capzflow("events", "done-1", "--json").stdout == before.stdout)
    }

    /// A command aimed at a run id the database does not have.
    struct UnknownRunCase: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        var testDescription: String { "capzflow " + arguments.joined(separator: " ") }
    }

    static let unknownRunCases = [
        UnknownRunCase(arguments: ["resume", "no-such-run"]),
        UnknownRunCase(arguments: ["status", "no-such-run"]),
        UnknownRunCase(arguments: ["status", "no-such-run", "--json"]),
        UnknownRunCase(arguments: ["events", "no-such-run"]),
        UnknownRunCase(arguments: ["events", "no-such-run", "--json"]),
        UnknownRunCase(arguments: ["logs", "no-such-run"]),
        UnknownRunCase(arguments: ["signal", "no-such-run", "approve"]),
        UnknownRunCase(arguments: ["cancel", "no-such-run"]),
        UnknownRunCase(arguments: ["skip", "no-such-run", "hold", "--reason", "testing"]),
    ]

    @Test("a command aimed at an unknown run id exits 4 and names the id", arguments: unknownRunCases)
    func unknownRunInExistingDatabase(_ item: UnknownRunCase) async throws {
        let file = try workspace.write("held.yaml", Self.heldOpen)
        try workspace.write("release", "")
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "other-run"))

        let result = try await workspace.start(item.arguments).finish()

        expectExit(4, result)
        #expect(result.stderr.contains("no-such-run"), "\(result)")
    }

    @Test("a command aimed at a run when there is no database yet exits 4 and creates none", arguments: unknownRunCases)
    func unknownRunWithoutDatabase(_ item: UnknownRunCase) async throws {
        let result = try await workspace.start(item.arguments).finish()

        expectExit(4, result)
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath), "a read created the database")
    }
}
