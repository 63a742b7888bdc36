import Foundation
import Testing

/// Where the state database lives and how it is protected: `--state`, else
/// `$CAPZFLOW_STATE`, else `state/capzflow.sqlite` under the current folder; folder 0700, file 0600.
@Suite("state file")
struct StateFileTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    static let tiny = """
        version: 1
        name: tiny
        steps:
          - id: only
            run: echo only
        """

    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test("a new state folder is created with mode 0700 and the database with mode 0600")
    func stateFileModes() async throws {
        let file = try workspace.write("tiny.yaml", Self.tiny)
        let database = workspace.path("fresh/state/db.sqlite")

        let run = try await workspace.start(["run", file, "--state", database], withState: false).finish()

        expectExit(0, run)
        #expect(try mode(of: workspace.path("fresh/state")) == 0o700, "folder mode")
        #expect(try mode(of: database) == 0o600, "database mode")
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: database + suffix) {
            #expect(try mode(of: database + suffix) == 0o600, "\(suffix) mode")
        }
    }

    @Test("$CAPZFLOW_STATE is used when --state is absent")
    func environmentNamesTheState() async throws {
        let file = try workspace.write("tiny.yaml", Self.tiny)
        let database = workspace.path("from-env/db.sqlite")
        let environment = ["CAPZFLOW_STATE": database]

        let run = try await workspace.start(["run", file, "--run-id", "env-state-1"], withState: false, environment: environment).finish()

        expectExit(0, run)
        #expect(FileManager.default.fileExists(atPath: database))
        #expect(!workspace.exists("state/capzflow.sqlite"), "the default database was used instead")
        let history = try await workspace.start(["history", "--json"], withState: false, environment: environment).finish()
        expectExit(0, history)
        #expect(history.stdout.contains("env-state-1"), "\(history)")
    }

    @Test("--state wins over $CAPZFLOW_STATE")
    func flagWinsOverEnvironment() async throws {
        let file = try workspace.write("tiny.yaml", Self.tiny)
        let environment = ["CAPZFLOW_STATE": workspace.path("from-env/db.sqlite")]

        let run = try await workspace.start(["run", file], environment: environment).finish()

        expectExit(0, run)
        #expect(FileManager.default.fileExists(atPath: workspace.statePath))
        #expect(!workspace.exists("from-env/db.sqlite"))
    }

    @Test("without --state or $CAPZFLOW_STATE the database is state/capzflow.sqlite under the current folder")
    func defaultStateFile() async throws {
        let file = try workspace.write("tiny.yaml", Self.tiny)
        let folder = workspace.path("elsewhere")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        let run = try await workspace.start(["run", file], withState: false, workingDirectory: folder).finish()

        expectExit(0, run)
        #expect(workspace.exists("elsewhere/state/capzflow.sqlite"))
    }
}
