import CapzFlowStore
import Foundation

/// Whether the runner holding a lease is still alive.
///
/// On this host the holder's process is checked directly (pid and start time, so a recycled
/// pid is not mistaken for it): a dead holder's lease is taken over at once. A holder on
/// another host cannot be checked, so its lease is trusted until it expires.
public enum LeaseLiveness {
    public static func isAlive(_ lease: Lease, now: Date = Date()) -> Bool {
        if lease.host == ProcessIdentity.hostName {
            return ProcessIdentity(pid: lease.pid, startTime: lease.processStart).isAlive
        }
        return lease.expiresAt > now
    }

    /// Why a lease may be taken over, for the `lease.taken_over` event.
    static func takeoverReason(_ lease: Lease, now: Date = Date()) -> String {
        lease.host == ProcessIdentity.hostName
            ? "the holder (pid \(lease.pid)) is no longer running"
            : "the holder's lease expired at \(lease.expiresAt) without a heartbeat"
    }
}
