import Foundation

/// When a failed attempt is tried again, and after how long.
///
/// `attempts` counts the first attempt, so `attempts: 1` means no retry. The delay before
/// attempt n+1 is `backoff * factor^(n-1)`, capped at `maxBackoff`.
public struct RetryPolicy: Sendable, Equatable {
    /// What ended an attempt, as far as retrying is concerned.
    public enum Trigger: String, Sendable, CaseIterable {
        /// The script exited non-zero.
        case failure
        /// The attempt hit its timeout or idle timeout.
        case timeout
    }

    public var attempts: Int
    public var backoff: Duration
    public var factor: Double
    public var maxBackoff: Duration
    public var on: Set<Trigger>
    /// Exit codes that mean "retrying will not help" (a usage error, say).
    public var exceptExitCodes: Set<Int32>
    /// A regular expression a failed attempt's output must match to be retried (for example
    /// `429|Too Many Requests`), so that only a known transient failure is retried.
    public var outputPattern: String?

    public init(
        attempts: Int = 1, backoff: Duration = .seconds(10), factor: Double = 2,
        maxBackoff: Duration = .seconds(300), on: Set<Trigger> = [.failure, .timeout],
        exceptExitCodes: Set<Int32> = [], outputPattern: String? = nil
    ) {
        self.attempts = attempts
        self.backoff = backoff
        self.factor = factor
        self.maxBackoff = maxBackoff
        self.on = on
        self.exceptExitCodes = exceptExitCodes
        self.outputPattern = outputPattern
    }

    /// The wait before the attempt that follows attempt `attempt` (1-based, within the budget).
    public func delay(after attempt: Int) -> Duration {
        let base = Double(backoff.components.seconds) + Double(backoff.components.attoseconds) / 1e18
        let scaled = base * pow(factor, Double(max(0, attempt - 1)))
        let capped = min(scaled, Double(maxBackoff.components.seconds) + Double(maxBackoff.components.attoseconds) / 1e18)
        return .milliseconds(Int64((capped * 1_000).rounded()))
    }

    /// Whether an attempt that ended this way may be tried again, budget permitting.
    /// `outputMatched` says whether a failed attempt's output matched `outputPattern`.
    public func allows(_ trigger: Trigger, exitCode: Int32?, outputMatched: Bool = true) -> Bool {
        guard on.contains(trigger) else { return false }
        if let exitCode, exceptExitCodes.contains(exitCode) { return false }
        if trigger == .failure, outputPattern != nil, !outputMatched { return false }
        return true
    }
}
