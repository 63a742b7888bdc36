import Foundation
@testable import CapzFlowCore

/// A run's event log built the way the store builds it: seq 1, 2, 3… and given times,
/// with the state folded one event at a time.
struct EventLog {
    private(set) var events: [RecordedEvent] = []
    private(set) var state = RunState()

    /// A log that already holds `run.started` at `Fixtures.t0`.
    static func started() -> EventLog {
        var log = EventLog()
        log.append(Fixtures.runStarted, at: Fixtures.t0)
        return log
    }

    mutating func append(_ event: Event, at date: Date = Fixtures.t0) {
        let recorded = RecordedEvent(seq: events.count + 1, at: date, event: event)
        events.append(recorded)
        state = evolve(state, recorded)
    }

    mutating func start(_ step: String, attempt: Int = 1, at date: Date = Fixtures.t0, processGroup: Int32? = nil, deadline: Date? = nil) {
        append(.stepStarted(StepStarted(step: step, attempt: attempt, processGroup: processGroup, deadline: deadline)), at: date)
    }

    mutating func succeed(_ step: String, attempt: Int = 1, at date: Date = Fixtures.t0, outputs: [String: String] = [:]) {
        append(.stepSucceeded(StepSucceeded(step: step, attempt: attempt, outputs: outputs)), at: date)
    }

    mutating func fail(_ step: String, attempt: Int = 1, at date: Date = Fixtures.t0, exitCode: Int32 = 1, reason: String = "exit 1") {
        append(.stepFailed(StepFailed(step: step, attempt: attempt, exitCode: exitCode, reason: reason)), at: date)
    }

    mutating func scheduleRetry(_ step: String, attempt: Int, at date: Date = Fixtures.t0, retryAt: Date) {
        append(.stepRetryScheduled(StepRetryScheduled(step: step, attempt: attempt, retryAt: retryAt)), at: date)
    }

    mutating func interrupt(_ step: String, attempt: Int = 1, at date: Date = Fixtures.t0) {
        append(.stepInterrupted(StepInterrupted(step: step, attempt: attempt, reason: "found unfinished on resume")), at: date)
    }

    mutating func signal(_ name: String, at date: Date = Fixtures.t0) {
        append(.signalReceived(SignalReceived(name: name, by: "alice")), at: date)
    }

    mutating func resume(at date: Date = Fixtures.t0) {
        append(.runResumed(RunResumed(pid: 5151, host: "laptop", by: "alice")), at: date)
    }

    mutating func takeOverLease(at date: Date = Fixtures.t0) {
        append(.leaseTakenOver(LeaseTakenOver(previousPid: 4242, previousHost: "laptop", previousSince: Fixtures.t0, reason: "holder is dead")), at: date)
    }
}
