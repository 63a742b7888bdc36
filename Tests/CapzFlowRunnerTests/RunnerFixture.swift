import CapzFlowCore
import CapzFlowRunner
import CapzFlowStore
import Foundation
import Testing

/// A fresh folder with a state database and a workflow file, removed when the test ends.
struct RunnerFixture: ~Copyable {
    let folder: String
    let store: EventStore

    init() throws {
        // As the command does: a step that ends before its go byte is written closes its channel.
        signal(SIGPIPE, SIG_IGN)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("capzflow-runner-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try EventStore(path: folder + "/state/db.sqlite")
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes `yaml` as a workflow file and returns its path.
    func workflow(_ yaml: String, name: String = "wf.yaml") throws -> String {
        let path = folder + "/" + name
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func settings(maxParallel: Int = 4) throws -> RunnerSettings {
        var environment = ProcessInfo.processInfo.environment
        environment["FIXTURE"] = folder
        return RunnerSettings(environment: environment, maxParallel: maxParallel, killGrace: .seconds(2),
                              runsFolder: folder + "/state/runs", guardPath: try CompanionProgram.guardPath())
    }
}

/// Collects what a runner reports, and lets a test wait for an event without sleeping.
final class EventWatcher: RunObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [RecordedEvent] = []
    private var waiters: [(condition: (RecordedEvent) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []

    func opened(runId: String, workflow: Workflow, resumed: Bool) {}
    func notice(_ message: String) {}
    func output(step: String, attempt: Int, lines: [String]) {}

    func recorded(_ event: RecordedEvent, state: RunState) {
        let ready = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            seen.append(event)
            let (met, rest) = (waiters.filter { $0.condition(event) }, waiters.filter { !$0.condition(event) })
            waiters = rest
            return met.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// Returns once an event meeting `condition` has been recorded.
    func wait(for condition: @escaping (RecordedEvent) -> Bool) async {
        await withCheckedContinuation { continuation in
            let already = lock.withLock { () -> Bool in
                if seen.contains(where: condition) { return true }
                waiters.append((condition, continuation))
                return false
            }
            if already { continuation.resume() }
        }
    }

    var events: [RecordedEvent] { lock.withLock { seen } }
}
