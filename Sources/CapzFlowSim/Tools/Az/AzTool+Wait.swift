import Foundation

/// The `wait` commands: poll a resource until a condition holds.
extension AzTool {
    /// What a `wait` sees of the resource it waits for.
    enum WaitTarget {
        /// Not there (a 404, which keeps the wait polling).
        case absent
        /// There, in this provisioning state.
        case present(String)
    }

    /// Polls every `--interval` (default 30 s) until `--created`/`--updated` (present and
    /// `Succeeded`), `--exists` or `--deleted` holds. Like CLI 2.91.0 (reference §2.8), reaching
    /// `--timeout` (default 3600 s) ends the wait with exit 0 and nothing printed.
    static func wait(_ request: AzRequest, world: World, target: WaitTarget) -> AzOutcome {
        let arguments = request.arguments
        let satisfied: Bool
        switch target {
        case .absent:
            satisfied = arguments.has("--deleted")
        case .present(let state):
            if state == "Failed", arguments.has("--created") || arguments.has("--updated") {
                return .failure(.plain("The resource is in provisioning state 'Failed'."))
            }
            satisfied = arguments.has("--exists") || arguments.has("--custom")
                || ((arguments.has("--created") || arguments.has("--updated")) && state == "Succeeded")
        }
        if satisfied { return .result(nil) }
        let timeout = arguments.value("--timeout").flatMap { DurationText.parse($0, bareSeconds: true) } ?? .seconds(3600)
        let interval = arguments.value("--interval").flatMap { DurationText.parse($0, bareSeconds: true) }
            ?? SimTimings.azWaitInterval
        let started = request.invocation.startedAt ?? world.now
        let deadline = started + timeout
        if world.now >= deadline { return .result(nil) }
        return .pending(min(interval, deadline.duration(since: world.now)))
    }
}
