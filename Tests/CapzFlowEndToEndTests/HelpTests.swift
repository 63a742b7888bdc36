import Testing

/// Help screens: the root lists every subcommand and the exit codes; each subcommand explains
/// itself with an example.
@Suite("help")
struct HelpTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    static let subcommands = ["run", "resume", "status", "history", "events", "logs", "signal", "skip", "cancel", "validate", "doctor", "sim"]

    @Test("capzflow --help lists every subcommand and every exit code")
    func rootHelp() async throws {
        let help = try await workspace.capzflow("--help", withState: false)

        expectExit(0, help)
        for name in Self.subcommands {
            #expect(help.stdout.contains("\n  \(name) "), "lists \(name): \(help)")
        }
        for code in ["0", "1", "2", "3", "4", "130"] {
            #expect(help.stdout.contains("\n  \(code) "), "explains exit code \(code): \(help)")
        }
    }

    @Test("each subcommand's --help exits 0 with a discussion, its exit codes and an example", arguments: subcommands)
    func subcommandHelp(_ name: String) async throws {
        let help = try await workspace.capzflow(name, "--help", withState: false)

        expectExit(0, help)
        #expect(help.stdout.contains("USAGE: capzflow \(name)"), "\(help)")
        #expect(help.stdout.contains("Exit codes"), "\(help)")
        #expect(help.stdout.contains("Example:\n  capzflow \(name) "), "\(help)")
    }
}
