/// Where a run stands, as `history` and `status` report it.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case running, succeeded, failed, interrupted, cancelled

    /// Whether nothing more will happen without a `resume`.
    public var isFinished: Bool { self != .running }
}
