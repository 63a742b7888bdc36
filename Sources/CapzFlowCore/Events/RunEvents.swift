import Foundation

// Payloads of the events about a run as a whole.

/// The run began: its pinned parameters and the runner that started it.
public struct RunStarted: Codable, Sendable, Equatable {
    public var workflow: String
    public var definitionHash: String
    /// Parameter values as pinned (secret-looking names never reach here).
    public var params: [String: String]
    public var pid: Int32
    public var host: String

    public init(workflow: String, definitionHash: String, params: [String: String], pid: Int32, host: String) {
        self.workflow = workflow
        self.definitionHash = definitionHash
        self.params = params
        self.pid = pid
        self.host = host
    }
}

/// A runner picked the run up again; `from` names the step a `resume --from` restarts at.
public struct RunResumed: Codable, Sendable, Equatable {
    public var pid: Int32
    public var host: String
    public var by: String
    public var from: String?

    public init(pid: Int32, host: String, by: String, from: String? = nil) {
        self.pid = pid
        self.host = host
        self.by = by
        self.from = from
    }
}

/// `resume --reload` adopted a changed workflow file.
///
/// It carries the adopted text, so the run's pinned definition is always the text of the
/// last `run.reloaded` event, or the one stored when the run started.
public struct RunReloaded: Codable, Sendable, Equatable {
    public var definitionHash: String
    public var definition: String
    public var changedSteps: [String]
    public var by: String

    public init(definitionHash: String, definition: String, changedSteps: [String], by: String) {
        self.definitionHash = definitionHash
        self.definition = definition
        self.changedSteps = changedSteps
        self.by = by
    }
}

/// Every step succeeded or was skipped.
public struct RunSucceeded: Codable, Sendable, Equatable {
    public init() {}
}

/// A step failed for good (its retries exhausted); `resume` can try again.
public struct RunFailed: Codable, Sendable, Equatable {
    public var step: String?
    public var reason: String

    public init(step: String?, reason: String) {
        self.step = step
        self.reason = reason
    }
}

/// The runner was stopped by a signal (Ctrl-C, SIGTERM, a closed terminal).
public struct RunInterrupted: Codable, Sendable, Equatable {
    public var reason: String

    public init(reason: String) { self.reason = reason }
}

/// Someone ran `capzflow cancel`.
public struct RunCancelled: Codable, Sendable, Equatable {
    public var by: String

    public init(by: String) { self.by = by }
}

/// A runner took over a lease whose holder was dead or expired.
public struct LeaseTakenOver: Codable, Sendable, Equatable {
    public var previousPid: Int32
    public var previousHost: String
    public var previousSince: Date
    public var reason: String

    public init(previousPid: Int32, previousHost: String, previousSince: Date, reason: String) {
        self.previousPid = previousPid
        self.previousHost = previousHost
        self.previousSince = previousSince
        self.reason = reason
    }
}

/// `capzflow signal RUN NAME` delivered a signal an `await` step may be waiting for.
public struct SignalReceived: Codable, Sendable, Equatable {
    public var name: String
    public var by: String

    public init(name: String, by: String) {
        self.name = name
        self.by = by
    }
}
