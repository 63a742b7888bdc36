#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapzFlowCore
import Foundation

/// A fault-injection hook, off unless `CAPZFLOW_CRASH_AFTER` is set: the runner kills itself
/// with SIGKILL right after a chosen event is durable, or a chosen time after it.
///
/// Crash-and-resume tests use it to stop a runner at an exact transition rather than racing a
/// `kill -9` against steps that take milliseconds. The value names the event — a number N (the
/// run's event with sequence number N, counted from `run.started` = 1) or an event type with an
/// optional step, `step.started:deploy-flavor` (the first such event this runner records) —
/// optionally followed by `+DURATION` (`step.started:aks-create+300ms`: in the middle of the
/// step rather than at its start).
public struct CrashPoint: Sendable, Equatable {
    /// The environment variable that sets it.
    public static let variable = "CAPZFLOW_CRASH_AFTER"

    enum Trigger: Sendable, Equatable {
        case sequence(Int)
        case event(type: String, step: String?)
    }

    let trigger: Trigger
    /// How long after the event the runner dies; `nil` for at once.
    let delay: Duration?

    /// Reads a value of `CAPZFLOW_CRASH_AFTER`.
    ///
    /// - Throws: `CrashPoint.Invalid` naming what is accepted.
    public init(parsing text: String) throws(Invalid) {
        let halves = text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if halves.count == 2 {
            guard let delay = DurationText.parse(halves[1]) else { throw Invalid(text: text) }
            self.delay = delay
        } else {
            delay = nil
        }
        let event = halves[0]
        if let number = Int(event) {
            guard number >= 1 else { throw Invalid(text: text) }
            trigger = .sequence(number)
            return
        }
        let parts = event.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts[0].wholeMatch(of: /[a-z]+\.[a-z_]+/) != nil, parts.count == 1 || !parts[1].isEmpty else { throw Invalid(text: text) }
        trigger = .event(type: parts[0], step: parts.count == 2 ? parts[1] : nil)
    }

    /// Kills this process with SIGKILL, now or after `delay`, if one of `recorded` (now
    /// durable) is the chosen event.
    func crashIfReached(_ recorded: [RecordedEvent]) {
        let reached = recorded.contains { event in
            switch trigger {
            case let .sequence(number): event.seq == number
            case let .event(type, step): event.event.type == type && (step == nil || event.event.step == step)
            }
        }
        guard reached else { return }
        guard let delay else {
            kill(getpid(), SIGKILL)
            return
        }
        // A plain thread, so the kill comes on time whatever the run loop's tasks are doing.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: delay.timeInterval)
            kill(getpid(), SIGKILL)
        }
    }

    /// A value of `CAPZFLOW_CRASH_AFTER` that names no event or no duration.
    public struct Invalid: Error, CustomStringConvertible {
        let text: String
        public var description: String {
            "\(CrashPoint.variable)=\(text): expected an event number (1 is run.started) or an event type with an optional step, such as step.started:deploy-flavor, optionally followed by +DURATION (+300ms)"
        }
    }
}
