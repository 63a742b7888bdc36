import Foundation

// Payloads of the events about one step.

/// An attempt began. For `run` steps `processGroup` is the group the runner will signal;
/// for `wait` and `await` steps `deadline` is the absolute time the attempt gives up.
public struct StepStarted: Codable, Sendable, Equatable {
    public var step: String
    public var attempt: Int
    public var processGroup: Int32?
    public var deadline: Date?

    public init(step: String, attempt: Int, processGroup: Int32? = nil, deadline: Date? = nil) {
        self.step = step
        self.attempt = attempt
        self.processGroup = processGroup
        self.deadline = deadline
    }
}

/// An attempt succeeded, with the outputs the step wrote. An `await` step names the signal
/// it used up, so one signal completes one await (a later re-run waits for a new one).
public struct StepSucceeded: Codable, Sendable, Equatable {
    public var step: String
    public var attempt: Int
    public var exitCode: Int32?
    public var outputs: [String: String]
    public var note: String?
    public var signal: String?

    public init(
        step: String, attempt: Int, exitCode: Int32? = 0, outputs: [String: String] = [:], note: String? = nil,
        signal: String? = nil
    ) {
        self.step = step
        self.attempt = attempt
        self.exitCode = exitCode
        self.outputs = outputs
        self.note = note
        self.signal = signal
    }
}

/// An attempt failed; a `step.retry_scheduled` may follow in the same transaction.
public struct StepFailed: Codable, Sendable, Equatable {
    public var step: String
    public var attempt: Int
    public var exitCode: Int32?
    public var reason: String

    public init(step: String, attempt: Int, exitCode: Int32?, reason: String) {
        self.step = step
        self.attempt = attempt
        self.exitCode = exitCode
        self.reason = reason
    }
}

/// An attempt ran past its timeout (or its idle timeout) and was stopped.
public struct StepTimedOut: Codable, Sendable, Equatable {
    public var step: String
    public var attempt: Int
    public var idle: Bool
    public var after: String

    public init(step: String, attempt: Int, idle: Bool, after: String) {
        self.step = step
        self.attempt = attempt
        self.idle = idle
        self.after = after
    }
}

/// The next attempt may start at `retryAt`, an absolute time so that a crash in the
/// middle of the backoff resumes with what is left of it.
public struct StepRetryScheduled: Codable, Sendable, Equatable {
    public var step: String
    /// The attempt that will run.
    public var attempt: Int
    public var retryAt: Date

    public init(step: String, attempt: Int, retryAt: Date) {
        self.step = step
        self.attempt = attempt
        self.retryAt = retryAt
    }
}

/// The step counts as done without running: its probe found the effect, or a person said so.
public struct StepSkipped: Codable, Sendable, Equatable {
    public enum Source: String, Codable, Sendable { case probe, user }

    public var step: String
    public var source: Source
    public var by: String?
    public var reason: String
    public var probeOutput: String?

    public init(step: String, source: Source, by: String? = nil, reason: String, probeOutput: String? = nil) {
        self.step = step
        self.source = source
        self.by = by
        self.reason = reason
        self.probeOutput = probeOutput
    }
}

/// An attempt was cut short by the runner stopping, or found unfinished on resume.
public struct StepInterrupted: Codable, Sendable, Equatable {
    public var step: String
    public var attempt: Int
    public var reason: String

    public init(step: String, attempt: Int, reason: String) {
        self.step = step
        self.attempt = attempt
        self.reason = reason
    }
}

/// `resume --from` asked for a finished step to run again.
public struct StepReset: Codable, Sendable, Equatable {
    public var step: String
    public var by: String
    public var reason: String

    public init(step: String, by: String, reason: String) {
        self.step = step
        self.by = by
        self.reason = reason
    }
}

/// A `service` step's detached process started; its identity lets a resume reuse it.
public struct ServiceStarted: Codable, Sendable, Equatable {
    public var step: String
    public var attempt: Int
    public var pid: Int32
    public var startTime: UInt64
    public var logPath: String

    public init(step: String, attempt: Int, pid: Int32, startTime: UInt64, logPath: String) {
        self.step = step
        self.attempt = attempt
        self.pid = pid
        self.startTime = startTime
        self.logPath = logPath
    }
}
