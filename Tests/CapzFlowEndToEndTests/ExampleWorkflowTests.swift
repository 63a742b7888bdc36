import Foundation
import Testing

/// The workflows shipped in `workflows/`: each validates, and the README's example runs.
@Suite("shipped workflows")
struct ExampleWorkflowTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    /// The repository's `workflows/` folder, found from this file's place in `Tests/`.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("workflows").path

    static var files: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }

    @Test("there is at least one shipped workflow")
    func workflowsExist() {
        #expect(!Self.files.isEmpty, "no workflow files in \(Self.folder)")
    }

    @Test("every shipped workflow validates", arguments: files)
    func validates(_ name: String) async throws {
        let result = try await workspace.capzflow("validate", Self.folder + "/" + name, withState: false)

        expectExit(0, result)
        #expect(result.stdout.contains("valid"), "\(result)")
    }

    @Test("the example workflow runs to success: pinned scratch folder, probe, retries, poll, outputs")
    func exampleRuns() async throws {
        let file = Self.folder + "/example-retry-poll.yaml"
        try #require(FileManager.default.fileExists(atPath: file))
        // Its generated WORK_DIR comes from `mktemp -d`; keep it inside this test's folder.
        let run = try await workspace.start(["run", file, "--run-id", "example-1"], environment: ["TMPDIR": workspace.folder])
            .finish()

        expectExit(0, run)
        let report = try await workspace.status("example-1")
        #expect(report.steps.allSatisfy { $0.status == "succeeded" }, "\(report.steps.map { ($0.id, $0.status) })")
        #expect(report.step("flaky")?.attempts == 3)
        #expect(report.params?["WORK_DIR"]?.hasPrefix(workspace.folder) == true, "\(report.params ?? [:])")
        let logs = try await workspace.capzflow("logs", "example-1", "report")
        #expect(logs.stdout.contains("hello from step compute"), "\(logs)")
    }
}
