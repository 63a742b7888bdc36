import ArgumentParser
import Foundation

/// The root command: configuration only. Each subcommand lives in `Commands/`.
@main
struct CapzFlow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capzflow",
        abstract: "Run workflows as durable, resumable, auditable state machines — starting with a CAPZ dev environment.",
        discussion: """
            Every step transition is written to a SQLite state database before it happens, so a run \
            that was killed, timed out or interrupted can be resumed safely and audited afterwards.

            Exit codes (the same for every command):
              0    success
              1    the run failed (a step ran out of retries) or was cancelled
              2    invalid input: flags, workflow file, parameter, environment, database
              3    another live runner holds the run (the message names it)
              4    no such run
              130  interrupted (SIGINT, SIGTERM, SIGHUP); `capzflow resume RUN_ID` goes on

            Environment: CAPZFLOW_STATE (the state database when --state is not given), \
            CAPZFLOW_LOG_LEVEL (library logs on standard error: trace … critical, default error).

            Example:
              capzflow run workflows/example-retry-poll.yaml --param GREETING=hello
            """,
        version: "0.1.0",
        subcommands: [Run.self, Resume.self, Status.self, History.self, Events.self, Logs.self, Signal.self,
                      Skip.self, Cancel.self, Validate.self, Doctor.self, Sim.self]
    )

    /// Parses, runs, and turns whatever was thrown into the contract's exit code.
    static func main() async {
        // A closed pipe (a guard that died early, `capzflow logs | head`) must be an error
        // on that write, not the death of the runner in the middle of a run.
        signal(SIGPIPE, SIG_IGN)
        // A file size limit (`ulimit -f`) must fail the write that crosses it, which the store
        // reports, not kill the runner in the middle of a transition. Steps get the default back
        // (capzflow-guard and the service launcher reset every signal).
        signal(SIGXFSZ, SIG_IGN)
        // A parent that ignores SIGCHLD would have the kernel reap every step process before the
        // runner could learn how it ended.
        signal(SIGCHLD, SIG_DFL)
        LogSetup.bootstrap()
        let code = await ExitCodes.run(Array(CommandLine.arguments.dropFirst()))
        Foundation.exit(code)
    }
}
