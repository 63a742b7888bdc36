import Foundation
@testable import CapzFlowStore

/// Sample runs, leases and events for the store's tests.
///
/// Times are whole seconds after a fixed instant, so values survive the store's millisecond
/// precision unchanged and tests can compare them with `==`.
enum Fixture {
    /// A fixed instant plus `seconds`.
    static func date(_ seconds: Int) -> Date {
        Date(timeIntervalSince1970: 1_750_000_000 + TimeInterval(seconds))
    }

    /// A run of `workflow` created at `date(createdAt)`.
    static func run(_ id: String, workflow: String = "capz-aks-ilb", createdAt: Int = 0) -> NewRun {
        NewRun(
            id: id, workflow: workflow, workflowPath: "workflows/\(workflow).yaml",
            definition: "name: \(workflow)\nsteps: []\n", definitionHash: "sha256:\(workflow)",
            params: #"{"location":"westeurope"}"#, createdAt: date(createdAt))
    }

    /// A lease of `runId` held by `token`.
    static func lease(_ runId: String, token: String, pid: Int32 = 4242, at seconds: Int = 0) -> Lease {
        Lease(
            runId: runId, token: token, pid: pid, host: "builder", processStart: 123_456,
            acquiredAt: date(seconds), heartbeatAt: date(seconds), expiresAt: date(seconds + 30))
    }

    /// `count` step events, the first at `date(from)`, labelled with `type`.
    static func events(_ count: Int, type: String = "step.progress", from: Int = 0) -> [NewEvent] {
        (0..<count).map { index in
            NewEvent(
                at: date(from + index), type: type, step: "aks-create", attempt: 1,
                payload: #"{"index":\#(from + index)}"#)
        }
    }

    /// Creates run `id` held by `token` with `events` first events; returns its last seq.
    @discardableResult
    static func createRun(
        _ id: String, in store: EventStore, token: String = "token-1", events: Int = 1,
        workflow: String = "capz-aks-ilb", createdAt: Int = 0, status: String = "running"
    ) throws(StoreError) -> Int {
        try store.createRun(
            run(id, workflow: workflow, createdAt: createdAt), lease: lease(id, token: token),
            events: self.events(events, type: "run.created", from: createdAt),
            status: RunStatusUpdate(status: status))
    }
}
