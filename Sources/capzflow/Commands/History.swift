import ArgumentParser
import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation

extension CapzFlow {
    /// `capzflow history`: every past run, newest first.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List past runs, newest first.",
            discussion: """
                A run whose runner died without recording an ending is listed as interrupted.

                Exit codes: 0 listed (also when there are none), 2 invalid input or output that could not be written.

                Example:
                  capzflow history --status failed --limit 5 --json
                """)

        @Option(name: .long, help: ArgumentHelp("Only runs with this status: running, succeeded, failed, interrupted, cancelled.", valueName: "status"))
        var status: String?

        @Option(name: .long, help: ArgumentHelp("Only runs of this workflow (its name).", valueName: "name"))
        var workflow: String?

        @Option(name: .long, help: "Show at most this many runs.")
        var limit = 20

        @OptionGroup var output: OutputOptions
        @OptionGroup var state: StateOptions

        func validate() throws {
            if let status, RunStatus(rawValue: status) == nil {
                throw ValidationError("'\(status)' is not a run status; use one of: " + RunStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let rows = try state.openForReading(for: nil).map(fetch) ?? []
            if output.json {
                Console.out(JSONText.encode(rows.map(\.json)))
                return
            }
            guard !rows.isEmpty else {
                Console.out("no runs yet in \(state.path); start one with `capzflow run WORKFLOW`")
                return
            }
            var table = TextTable(header: ["RUN", "WORKFLOW", "STATUS", "STARTED", "DURATION"])
            for row in rows {
                table.rows.append([row.run.id, row.run.workflow, row.status, TimeText.full(row.run.createdAt),
                                   row.run.finishedAt.map { TimeText.span(from: row.run.createdAt, to: $0) } ?? "-"])
            }
            Console.out(table.text)
        }

        private struct Row {
            let run: StoredRun
            let status: String

            var json: [String: Any] {
                [
                    "run_id": run.id, "workflow": run.workflow, "status": status,
                    "started_at": JSONText.time(run.createdAt), "finished_at": JSONText.time(run.finishedAt),
                    "params": JSONText.object(run.params), "definition_hash": run.definitionHash,
                ]
            }
        }

        /// The runs to list. A stored `running` may really be `interrupted` (its runner died),
        /// so those two statuses are read together and sorted out by their leases.
        private func fetch(_ store: EventStore) throws -> [Row] {
            let stored: [String?]
            switch status {
            case nil: stored = [nil]
            case "running": stored = ["running"]
            case "interrupted": stored = ["interrupted", "running"]
            case let other: stored = [other]
            }
            var rows: [Row] = []
            for filter in stored {
                for run in try store.runs(status: filter, workflow: workflow, limit: filter == "running" && status == "interrupted" ? nil : limit) {
                    let live = run.status == "running" ? LiveStatus.of(stored: run.status, lease: try store.lease(of: run.id)) : run.status
                    if status == nil || live == status { rows.append(Row(run: run, status: live)) }
                }
            }
            rows.sort { ($0.run.createdAt, $0.run.id) > ($1.run.createdAt, $1.run.id) }
            return Array(rows.prefix(limit))
        }
    }
}
