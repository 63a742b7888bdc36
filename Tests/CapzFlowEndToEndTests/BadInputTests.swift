#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing

/// Invalid input of every kind: answered with exit 2 and a message that names the file and the
/// line or field, and nothing written to the history.
@Suite("bad input")
struct BadInputTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    static let valid = """
        version: 1
        name: valid
        steps:
          - id: only
            run: echo only
        """

    /// A broken workflow file and what the error must mention.
    struct BrokenFile: Sendable, CustomTestStringConvertible {
        enum Content: Sendable {
            case text(String)
            case bytes([UInt8])
            /// This many bytes of a valid-looking workflow padded with a comment.
            case large(Int)
            /// A named pipe nobody writes to: reading it would wait forever.
            case fifo
            case folder
            case missing
        }

        let name: String
        let file: String
        let content: Content
        /// Text the message must contain besides the file name (a line `file:N`, a field, a hint).
        let mentions: [String]
        var testDescription: String { name }
    }

    static let brokenFiles: [BrokenFile] = [
        BrokenFile(name: "an unknown key (tiemout) with a suggestion", file: "typo.yaml", content: .text("""
            version: 1
            name: typo
            steps:
              - id: only
                run: echo only
                tiemout: 5s
            """), mentions: ["typo.yaml:6", "tiemout", "timeout"]),
        BrokenFile(name: "invalid YAML", file: "unbalanced.yaml", content: .text("""
            version: 1
            name: unbalanced
            steps: [
              - id: only
            """), mentions: ["unbalanced.yaml:", "YAML"]),
        BrokenFile(name: "two kinds in one step", file: "two-kinds.yaml", content: .text("""
            version: 1
            name: two-kinds
            steps:
              - id: only
                run: echo only
                wait: { until: "true" }
            """), mentions: ["two-kinds.yaml:4", "steps[0]", "run", "wait"]),
        BrokenFile(name: "an empty file", file: "empty.yaml", content: .text(""), mentions: ["empty"]),
        BrokenFile(name: "a folder", file: "folder.yaml", content: .folder, mentions: ["folder"]),
        BrokenFile(name: "a file that is not UTF-8", file: "latin1.yaml",
                   content: .bytes(Array("version: 1\nname: caf".utf8) + [0xE9, 0xFF, 0x0A]), mentions: ["UTF-8"]),
        BrokenFile(name: "a missing file", file: "missing.yaml", content: .missing, mentions: ["no such file"]),
        BrokenFile(name: "a 50 MB file", file: "huge.yaml", content: .large(50_000_000), mentions: ["50000000 bytes", "at most"]),
        BrokenFile(name: "a named pipe", file: "pipe.yaml", content: .fifo, mentions: ["not a regular file"]),
        BrokenFile(name: "a top-level list", file: "list.yaml", content: .text("- version: 1\n- name: list\n"),
                   mentions: ["list.yaml:1", "mapping"]),
        BrokenFile(name: "a nesting too deep for the parser", file: "deep.yaml",
                   content: .text("version: 1\nname: deep\nsteps: " + String(repeating: "[", count: 20_000)),
                   mentions: ["deep.yaml:3", "YAML"]),
        BrokenFile(name: "an alias to an undefined anchor", file: "alias.yaml", content: .text("""
            version: 1
            name: alias
            steps:
              - id: only
                run: *nowhere
            """), mentions: ["alias.yaml:5", "alias"]),
        BrokenFile(name: "two YAML documents", file: "two-docs.yaml", content: .text("""
            version: 1
            name: one
            steps:
              - id: only
                run: echo only
            ---
            version: 1
            """), mentions: ["two-docs.yaml:6", "document"]),
        BrokenFile(name: "a huge number", file: "huge-number.yaml", content: .text("""
            version: 1
            name: huge-number
            steps:
              - id: only
                run: echo only
                retry: { attempts: 99999999999999999999999 }
            """), mentions: ["huge-number.yaml:6", "attempts", "99999999999999999999999"]),
        BrokenFile(name: "a list where a text is expected", file: "type.yaml", content: .text("""
            version: 1
            name: [a, list]
            steps:
              - id: only
                run: echo only
            """), mentions: ["type.yaml:2", "name"]),
        BrokenFile(name: "a duplicate step id", file: "duplicate.yaml", content: .text("""
            version: 1
            name: duplicate
            steps:
              - id: same
                run: echo one
              - id: same
                run: echo two
            """), mentions: ["duplicate.yaml:6", "same"]),
        BrokenFile(name: "needs naming an unknown step", file: "needs.yaml", content: .text("""
            version: 1
            name: needs
            steps:
              - id: only
                run: echo only
                needs: [nowhere]
            """), mentions: ["needs.yaml:", "nowhere"]),
        BrokenFile(name: "a step without an id", file: "no-id.yaml", content: .text("""
            version: 1
            name: no-id
            steps:
              - run: echo only
            """), mentions: ["no-id.yaml:", "id"]),
        BrokenFile(name: "an invalid duration", file: "duration.yaml", content: .text("""
            version: 1
            name: duration
            steps:
              - id: only
                run: echo only
                timeout: soon
            """), mentions: ["duration.yaml:6", "timeout", "soon"]),
        BrokenFile(name: "two steps declaring one output", file: "outputs.yaml", content: .text("""
            version: 1
            name: outputs
            steps:
              - id: one
                run: echo "X=1" >> "$CAPZFLOW_OUTPUT"
                outputs: [X]
              - id: two
                run: echo "X=2" >> "$CAPZFLOW_OUTPUT"
                outputs: [X]
            """), mentions: ["outputs.yaml:", "X"]),
    ]

    @Test("a broken workflow file is refused by validate and run with exit 2, naming the file and the place",
          arguments: brokenFiles)
    func brokenWorkflowFile(_ item: BrokenFile) async throws {
        let path = workspace.path(item.file)
        switch item.content {
        case let .text(text): try workspace.write(item.file, text)
        case let .bytes(bytes): try workspace.write(item.file, Data(bytes))
        case let .large(size):
            var data = Data(Self.valid.utf8)
            data.append(Data("\n#".utf8))
            data.append(Data(repeating: UInt8(ascii: "x"), count: size - data.count))
            try workspace.write(item.file, data)
        case .fifo: #expect(mkfifo(path, 0o600) == 0, "mkfifo \(path)")
        case .folder: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        case .missing: break
        }

        let validate = try await workspace.capzflow("validate", item.file, withState: false)
        let run = try await workspace.capzflow("run", item.file)

        for result in [validate, run] {
            expectExit(2, result)
            #expect(result.stderr.contains(item.file), "names the file: \(result)")
            for text in item.mentions {
                #expect(result.stderr.contains(text), "mentions '\(text)': \(result)")
            }
        }
        #expect(try await workspace.history().isEmpty, "a refused run is not in the history")
    }

    /// A command line that must be refused before anything runs.
    struct BadFlags: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let mentions: String
        var testDescription: String { "capzflow " + arguments.joined(separator: " ") }
    }

    static let badFlags = [
        BadFlags(arguments: ["run", "valid.yaml", "--max-parallel", "0"], mentions: "max-parallel"),
        BadFlags(arguments: ["run", "valid.yaml", "--no-such-flag"], mentions: "no-such-flag"),
        BadFlags(arguments: ["run", "valid.yaml", "--param", "NO_EQUALS_SIGN"], mentions: "NO_EQUALS_SIGN"),
        BadFlags(arguments: ["run", "valid.yaml", "--run-id", "not a valid id!"], mentions: "not a valid id!"),
        BadFlags(arguments: ["run"], mentions: "workflow"),
        BadFlags(arguments: ["history", "--limit", "0"], mentions: "limit"),
        BadFlags(arguments: ["history", "--status", "sleeping"], mentions: "sleeping"),
        BadFlags(arguments: ["run", "valid.yaml", "--max-parallel", "65"], mentions: "max-parallel"),
        BadFlags(arguments: ["run", "valid.yaml", "--max-parallel", "many"], mentions: "many"),
        BadFlags(arguments: ["run", "valid.yaml", "--env-file", "no-such.env"], mentions: "no-such.env: cannot read the env file"),
        BadFlags(arguments: ["resume"], mentions: "run-id"),
        BadFlags(arguments: ["status"], mentions: "run-id"),
        BadFlags(arguments: ["logs", "some-run", "--attempt", "1"], mentions: "--attempt needs a STEP"),
        BadFlags(arguments: ["logs", "some-run", "some-step", "--attempt", "0"], mentions: "--attempt counts from 1"),
        BadFlags(arguments: ["skip", "some-run", "some-step"], mentions: "reason"),
    ]

    @Test("a bad flag or argument exits 2 and names it", arguments: badFlags)
    func badFlag(_ item: BadFlags) async throws {
        try workspace.write("valid.yaml", Self.valid)

        let command = try await workspace.start(item.arguments).finish()

        expectExit(2, command)
        #expect(command.stderr.contains(item.mentions), "\(command)")
        #expect(try await workspace.history().isEmpty)
    }

    @Test("a workflow file that cannot be read (mode 000) exits 2 naming it", .enabled(if: Unprivileged.isPossible, Unprivileged.why))
    func unreadableFile() async throws {
        let file = try workspace.write("unreadable.yaml", Self.valid)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file)
        let wrapper = geteuid() == 0 ? ["setpriv", Unprivileged.dropped] : ["env"]
        let binary = try CapzflowBinary.path()

        let validate = try await Wrapped.run(wrapper + [binary, "validate", "unreadable.yaml"], in: workspace)
        let run = try await Wrapped.run(wrapper + [binary, "run", "unreadable.yaml", "--state", workspace.statePath], in: workspace)

        for result in [validate, run] {
            expectExit(2, result)
            #expect(result.stderr.contains("unreadable.yaml") && result.stderr.contains("permission denied"), "\(result)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath), "a refused run created the database")
    }

    @Test("a control character in the file is refused naming the file and its line")
    func controlCharacter() async throws {
        try workspace.write("control.yaml", Data("version: 1\nname: bell\u{07}\nsteps:\n  - id: only\n    run: echo only\n".utf8))

        let validate = try await workspace.capzflow("validate", "control.yaml", withState: false)

        expectExit(2, validate)
        #expect(validate.stderr.contains("control.yaml"), "\(validate)")
        #expect(validate.stderr.contains("control.yaml:2"), "\(validate)")
    }

    @Test("the state database path names a folder: exit 2, naming it", arguments: [["history"], ["status", "r1"], ["run", "valid.yaml"]])
    func stateIsAFolder(_ arguments: [String]) async throws {
        try workspace.write("valid.yaml", Self.valid)
        let folder = workspace.path("a-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        let result = try await workspace.start(arguments + ["--state", folder], withState: false).finish()

        expectExit(2, result)
        #expect(result.stderr.contains(folder) && result.stderr.contains("folder"), "\(result)")
    }

    @Test("an unknown subcommand exits 2 and names it")
    func unknownSubcommand() async throws {
        let result = try await workspace.capzflow("no-such-command", withState: false)

        expectExit(2, result)
        #expect(result.stderr.contains("no-such-command"), "\(result)")
    }

    // MARK: requirements

    @Test("a missing requires.env variable exits 2 naming it, and --env-file supplying it lets the run start")
    func requiredEnvironment() async throws {
        let value = "region-value-from-env-file-4711"
        let file = try workspace.write("needs-env.yaml", """
            version: 1
            name: needs-env
            requires:
              env: [CAPZ_E2E_REGION]
            steps:
              - id: use
                run: printf '%s' "$CAPZ_E2E_REGION" > "$WORK/region"
            """)

        let refused = try await workspace.capzflow("run", file, "--run-id", "env-1")

        expectExit(2, refused)
        #expect(refused.stderr.contains("CAPZ_E2E_REGION"), "\(refused)")
        #expect(try await workspace.history().isEmpty)

        let envFile = try workspace.write("region.env", "# the region\nCAPZ_E2E_REGION=\(value)\n")
        let run = try await workspace.capzflow("run", file, "--run-id", "env-2", "--env-file", envFile)

        expectExit(0, run)
        #expect(try workspace.read("region") == value)
        for suffix in ["", "-wal"] {
            guard let bytes = FileManager.default.contents(atPath: workspace.statePath + suffix) else { continue }
            #expect(bytes.range(of: Data(value.utf8)) == nil, "an environment value is in the database\(suffix)")
        }
    }

    @Test("a missing requires.commands command exits 2 naming it")
    func requiredCommand() async throws {
        let file = try workspace.write("needs-command.yaml", """
            version: 1
            name: needs-command
            requires:
              commands: [bash, capzflow-e2e-no-such-command]
            steps:
              - id: only
                run: echo only > "$WORK/ran"
            """)

        let run = try await workspace.capzflow("run", file)

        expectExit(2, run)
        #expect(run.stderr.contains("capzflow-e2e-no-such-command"), "\(run)")
        #expect(!run.stderr.contains("bash,"), "only the missing command is named: \(run)")
        #expect(!workspace.exists("ran"))
        #expect(try await workspace.history().isEmpty)
    }

    // MARK: the state database

    /// Commands pointed at a state file that is not a database.
    static let corruptCases: [[String]] = [
        ["history", "--json"],
        ["status", "some-run"],
        ["run", "valid.yaml"],
        ["resume", "some-run"],
    ]

    @Test("a corrupt state database is refused with exit 2 and a clear message, and left unchanged",
          arguments: corruptCases)
    func corruptDatabase(_ arguments: [String]) async throws {
        try workspace.write("valid.yaml", Self.valid)
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try workspace.write("state/capzflow.sqlite", bytes)

        let result = try await workspace.start(arguments).finish()

        expectExit(2, result)
        #expect(result.stderr.contains("state/capzflow.sqlite"), "names the file: \(result)")
        #expect(result.stderr.contains("not a capzflow state database"), "\(result)")
        #expect(FileManager.default.contents(atPath: workspace.statePath) == bytes, "the file was changed")
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath + "-wal"))
        #expect(result.stderr.split(separator: "\n").count == 1, "one message, said once: \(result)")
    }
}
