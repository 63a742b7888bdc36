import Foundation

/// One thing `decide` asks the runner to do next.
public enum Command: Sendable, Equatable {
    /// Start attempt `attempt` of a step. `deadline` is the absolute time a `wait` or
    /// `await` attempt gives up (kept from an interrupted attempt, so a crash does not
    /// extend it).
    case start(step: String, attempt: Int, deadline: Date?)
    /// The signal an `await` step waits for has arrived: record its success.
    case completeAwait(step: String, attempt: Int)
    /// An `await` step's deadline passed without its signal: record the timeout.
    case expireAwait(step: String, attempt: Int)
    /// Nothing more can happen: record the run's outcome.
    case finish(RunOutcome)
}

/// How a run ends, as `decide` sees it.
public enum RunOutcome: Sendable, Equatable {
    case succeeded
    case failed(step: String, reason: String)
}

/// Why a step that is not starting is waiting, for `status` to explain.
public enum Hold: Sendable, Equatable {
    /// In a retry backoff until the given time.
    case backoff(until: Date)
    /// Waiting for the named signal until the deadline.
    case awaitingSignal(String, until: Date?)
    /// Needs these steps to finish first.
    case needs([String])
    /// Another step failed, so no new step starts.
    case runFailing
    /// `--max-parallel` steps are already running.
    case parallelLimit

    /// A short explanation for people.
    public func explanation(format: (Date) -> String) -> String {
        switch self {
        case let .backoff(until): "retry backoff until \(format(until))"
        case let .awaitingSignal(name, until):
            "waiting for signal '\(name)'" + (until.map { " until \(format($0))" } ?? "")
        case let .needs(ids): "needs " + ids.joined(separator: ", ")
        case .runFailing: "not started: another step failed"
        case .parallelLimit: "waiting for a free slot (--max-parallel)"
        }
    }
}

/// What `decide` returns: commands to perform now, holds that explain the rest, and the
/// earliest time at which the answer could change without a new event.
public struct Decision: Sendable, Equatable {
    public var commands: [Command] = []
    public var holds: [String: Hold] = [:]
    public var wakeAt: Date?

    public init() {}

    mutating func wake(at date: Date) {
        wakeAt = wakeAt.map { min($0, date) } ?? date
    }
}
