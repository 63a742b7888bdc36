import Foundation
import Testing

/// A person steering a stopped run: `skip`, `resume --from`, and the pinned definition
/// (`resume --reload`). Every such change is an event; history is never rewritten.
@Suite("skip, resume --from and the pinned definition")
struct ResumeControlTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// Three steps counting their runs in `$WORK/NAME.count`; `b` fails until `$WORK/b.ok` exists.
    static let threeSteps = """
        version: 1
        name: three
        steps:
          - id: a
            run: echo a >> "$WORK/a.count"
          - id: b
            run: |
              echo b >> "$WORK/b.count"
              test -e "$WORK/b.ok"
          - id: c
            run: echo c >> "$WORK/c.count"
        """

    @Test("skip marks a failed step done with its reason, and resume continues past it without running it")
    func skipThenResume() async throws {
        let file = try workspace.write("three.yaml", Self.threeSteps)
        expectExit(1, try await workspace.capzflow("run", file, "--run-id", "skip-1"))
        let before = try await workspace.events("skip-1")

        let skip = try await workspace.capzflow("skip", "skip-1", "b", "--reason", "fixed by the network team")

        expectExit(0, skip)
        let resume = try await workspace.capzflow("resume", "skip-1")
        expectExit(0, resume)
        let events = try await workspace.events("skip-1")
        #expect(Array(events.prefix(before.count)).map(\.text) == before.map(\.text), "earlier events were rewritten")
        let skipped = try #require(events.of("step.skipped", step: "b").first, "\(events.types)")
        #expect(skipped.reason == "fixed by the network team")
        #expect(skipped.by?.isEmpty == false, "records who skipped: \(skipped)")
        #expect(try workspace.read("b.count") == "b\n", "the skipped step did not run again")
        #expect(try workspace.read("a.count") == "a\n")
        #expect(try workspace.read("c.count") == "c\n")
        let report = try await workspace.status("skip-1")
        #expect(report.status == "succeeded")
        #expect(report.step("b")?.status == "skipped")
    }

    @Test("skip of a step that already succeeded exits 2")
    func skipOfSucceededStepIsRefused() async throws {
        let file = try workspace.write("three.yaml", Self.threeSteps)
        expectExit(1, try await workspace.capzflow("run", file, "--run-id", "skip-2"))

        let skip = try await workspace.capzflow("skip", "skip-2", "a", "--reason", "no reason")

        expectExit(2, skip)
        #expect(try await workspace.events("skip-2").of("step.skipped").isEmpty)
    }

    @Test("resume --from re-runs that step and every later one, recorded as resets, and nothing before it")
    func resumeFromStep() async throws {
        try workspace.write("b.ok", "")
        let file = try workspace.write("three.yaml", Self.threeSteps)
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "from-1"))

        let resume = try await workspace.capzflow("resume", "from-1", "--from", "b")

        expectExit(0, resume)
        #expect(try workspace.read("a.count") == "a\n")
        #expect(try workspace.read("b.count") == "b\nb\n")
        #expect(try workspace.read("c.count") == "c\nc\n")
        let events = try await workspace.events("from-1")
        #expect(Set(events.of("step.reset").compactMap(\.step)) == ["b", "c"], "\(events.types)")
        #expect(events.of("step.started", step: "b").compactMap(\.attempt) == [1, 2])
        #expect(events.map(\.seq) == Array(1...events.count))
    }

    @Test("resume --from an unknown step exits 2 and names it")
    func resumeFromUnknownStep() async throws {
        try workspace.write("b.ok", "")
        let file = try workspace.write("three.yaml", Self.threeSteps)
        expectExit(0, try await workspace.capzflow("run", file, "--run-id", "from-2"))

        let resume = try await workspace.capzflow("resume", "from-2", "--from", "nowhere")

        expectExit(2, resume)
        #expect(resume.stderr.contains("nowhere"), "\(resume)")
    }

    @Test("resume keeps the pinned definition and names the changed step; --reload adopts the file")
    func pinnedDefinition() async throws {
        let file = try workspace.write("three.yaml", Self.threeSteps)
        expectExit(1, try await workspace.capzflow("run", file, "--run-id", "pin-1"))
        try workspace.write("three.yaml", Self.threeSteps.replacingOccurrences(of: #"echo c >> "$WORK/c.count""#,
                                                                            with: #"echo changed >> "$WORK/c.count""#))
        try workspace.write("b.ok", "")

        let pinned = try await workspace.capzflow("resume", "pin-1")

        expectExit(0, pinned)
        #expect(pinned.output.contains("changed") && pinned.output.contains("c"), "names the change: \(pinned)")
        #expect(try workspace.read("c.count") == "c\n", "the pinned definition ran")

        let reloaded = try await workspace.capzflow("resume", "pin-1", "--from", "c", "--reload")

        expectExit(0, reloaded)
        #expect(try workspace.read("c.count") == "c\nchanged\n", "the reloaded definition ran")
        #expect(try await workspace.events("pin-1").of("run.reloaded").count == 1)
    }
}
