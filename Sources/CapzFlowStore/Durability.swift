/// When a committed write must be on disk.
///
/// Every transaction commits before its call returns; durability is about a power cut, not a
/// crashed process (the operating system keeps what a killed process wrote). The file is in WAL
/// mode, where commits are appended to one log in order and one `fsync` makes everything
/// appended so far durable: a `.deferred` write becomes durable with the next `.immediate` one.
public enum Durability: Sendable {
    /// Synced before the call returns (`synchronous = FULL`): for writes the caller acts on, such
    /// as a step's start, which must be durable before the step may run.
    case immediate
    /// Synced with the next immediate write (`synchronous = NORMAL` for this transaction): for
    /// writes nothing waits on, such as a finished attempt's outcome and output, which the next
    /// step's start (or the run's end) makes durable. A power cut before then loses the write,
    /// never a part of it, and never an earlier one; for an outcome that means the attempt shows
    /// as started and unfinished, which resume treats like any interrupted attempt.
    case deferred
}
