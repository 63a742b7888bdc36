import Foundation

/// The right of one runner process to write a run's events, fenced by a token.
///
/// At most one lease exists per run. Every fenced write carries the writer's token and is refused
/// when it no longer matches, so a runner that was paused, partitioned or taken over cannot write
/// after another runner has taken the run.
public struct Lease: Sendable, Equatable {
    /// The run the lease is for.
    public var runId: String
    /// A value unique to this holding of the lease; fenced writes must present it.
    public var token: String
    /// The holder's process id.
    public var pid: Int32
    /// The holder's host name; a pid means nothing on another host.
    public var host: String
    /// The holder process's start time (clock ticks since boot), so a recycled pid is not mistaken
    /// for the holder.
    public var processStart: UInt64
    /// When the holder took the lease.
    public var acquiredAt: Date
    /// When the holder last said it was alive.
    public var heartbeatAt: Date
    /// When the lease lapses unless the holder heartbeats again.
    public var expiresAt: Date

    /// Makes a lease.
    public init(
        runId: String, token: String, pid: Int32, host: String, processStart: UInt64,
        acquiredAt: Date, heartbeatAt: Date, expiresAt: Date
    ) {
        self.runId = runId
        self.token = token
        self.pid = pid
        self.host = host
        self.processStart = processStart
        self.acquiredAt = acquiredAt
        self.heartbeatAt = heartbeatAt
        self.expiresAt = expiresAt
    }
}
