import Foundation
import Testing

/// Secrets: values of listed secrets and of variables named like secrets never reach the logs
/// or the bytes of the state database, in plain text or base64.
@Suite("secrets")
struct SecretsTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    static let apiKey = "s3cr3t-value-123"
    static let token = "tok-abcdef-987"

    /// Each value, and the base64 form a step prints with `printf %s "$X" | base64`.
    static var forbidden: [(name: String, text: String)] {
        [(name: "API_KEY", text: apiKey), (name: "MY_TOKEN", text: token)].flatMap { item in
            [(item.name, item.text), (item.name + " in base64", Data(item.text.utf8).base64EncodedString())]
        }
    }

    static let leaky = """
        version: 1
        name: leaky
        secrets: [API_KEY]
        steps:
          - id: leak
            run: |
              echo "api key: $API_KEY"
              echo "token: $MY_TOKEN" >&2
              echo "api key base64: $(printf %s "$API_KEY" | base64)"
              echo "token base64: $(printf %s "$MY_TOKEN" | base64)"
              echo "COPIED=$MY_TOKEN" >> "$CAPZFLOW_OUTPUT"
              touch "$WORK/leaked"
              while [ ! -e "$WORK/release" ]; do sleep 0.05; done
            outputs: [COPIED]
          - id: fail-loudly
            run: |
              echo "failing with $API_KEY" >&2
              exit 1
        """

    /// Expects none of the forbidden values in the state database and its `-wal` file.
    private func expectDatabaseClean(_ moment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for suffix in ["", "-wal"] {
            let path = workspace.statePath + suffix
            guard let bytes = FileManager.default.contents(atPath: path) else {
                #expect(suffix == "-wal", "\(moment): the database file exists", sourceLocation: sourceLocation)
                continue
            }
            for (name, text) in Self.forbidden {
                #expect(bytes.range(of: Data(text.utf8)) == nil,
                        "\(moment): \(name) is in the bytes of state/capzflow.sqlite\(suffix)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("secret values and their base64 forms are masked in logs and never reach the database or its WAL")
    func secretsNeverStored() async throws {
        let file = try workspace.write("leaky.yaml", Self.leaky)
        let environment = ["API_KEY": Self.apiKey, "MY_TOKEN": Self.token]
        let runner = try workspace.start(["run", file, "--run-id", "secret-1"], environment: environment)
        try await workspace.waitForFile("leaked", from: runner)
        try await waitUntil("the step's output to be stored") {
            try await workspace.capzflow("logs", "secret-1", "leak").stdout.contains("token base64:")
        }

        // The runner is live, so its writes may still sit in the WAL file.
        #expect(FileManager.default.fileExists(atPath: workspace.statePath + "-wal"), "a live runner's database has a WAL file")
        try expectDatabaseClean("while the run is live")
        try workspace.write("release", "")
        let run = try await runner.finish()

        expectExit(1, run)
        let logs = try await workspace.capzflow("logs", "secret-1")
        expectExit(0, logs)
        #expect(logs.stdout.contains("api key: ***"), "\(logs)")
        #expect(logs.stdout.contains("token: ***"), "\(logs)")
        for (name, text) in Self.forbidden {
            #expect(!logs.stdout.contains(text), "logs show \(name)")
            #expect(!run.stdout.contains(text), "the run's own output shows \(name)")
            #expect(!run.stderr.contains(text), "the run's own errors show \(name)")
        }
        let status = try await workspace.capzflow("status", "secret-1", "--json")
        let events = try await workspace.capzflow("events", "secret-1", "--json")
        for (name, text) in Self.forbidden {
            #expect(!status.stdout.contains(text), "status shows \(name)")
            #expect(!events.stdout.contains(text), "events show \(name)")
        }
        try expectDatabaseClean("after the run")
    }

    @Test("a variable named like a secret given a value in the workflow's env is refused")
    func secretNamedWorkflowVariable() async throws {
        let value = "tok-in-workflow-env-555"
        let file = try workspace.write("env-token.yaml", """
            version: 1
            name: env-token
            env: { API_TOKEN: "\(value)" }
            steps:
              - id: show
                run: echo "token is $API_TOKEN"
            """)

        let run = try await workspace.capzflow("run", file, "--run-id", "env-token-1")

        // The file is refused, as for secret-named params: its text is stored with every run.
        expectExit(2, run)
        #expect(run.stderr.contains("API_TOKEN"), "\(run)")
        #expect(!run.stderr.contains(value), "\(run)")
    }
}
