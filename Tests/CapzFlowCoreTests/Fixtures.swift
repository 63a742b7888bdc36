import Foundation
@testable import CapzFlowCore

/// Fixed times and small workflows shared by the core tests.
///
/// Every time is an offset from `t0`; no test reads a clock. Offsets are multiples of 1/8 s
/// where a time goes through the JSON coding, so the value is exact in binary.
enum Fixtures {
    /// 2023-11-14T22:13:20Z.
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    /// `t0` plus `seconds`.
    static func time(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// The first event of every test run.
    static let runStarted = Event.runStarted(
        RunStarted(workflow: "demo", definitionHash: "fnv1a64:00000000000000ff", params: ["CLUSTER_NAME": "c1"], pid: 4242, host: "laptop"))

    /// A `run` step.
    static func run(
        _ id: String, needs: [String] = [], retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(1_800),
        check: String? = nil, outputs: [String] = []
    ) -> Step {
        Step(id: id, needs: needs, action: .run(script: "echo \(id)"), check: check, timeout: timeout, retry: retry, outputs: outputs)
    }

    /// A `wait` step polling every 5s until its own timeout.
    static func wait(_ id: String, needs: [String] = [], timeout: Duration) -> Step {
        Step(id: id, needs: needs, action: .wait(until: "test -f ready", interval: .seconds(5), timeout: timeout))
    }

    /// An `await` step for `signal`.
    static func await(_ id: String, signal: String, needs: [String] = [], timeout: Duration = .seconds(3_600)) -> Step {
        Step(id: id, needs: needs, action: .await(signal: signal), timeout: timeout)
    }

    /// A workflow of `steps`, named `demo`.
    static func workflow(_ steps: Step...) -> Workflow { Workflow(name: "demo", steps: steps) }
}
