/// A failure the simulated world injects, so a rehearsal meets what a real run can meet.
///
/// Each case is spelled in `--sim-faults` as shown on it; durations are simulated time
/// (`500ms`, `90s`, `10m`, `1h30m`). The world stores the faults with their remaining counts, so a
/// resumed run in the same world continues them rather than starting over.
public enum SimFault: Sendable, Equatable, Codable {
    /// `aks-create-timeout`: the first `az aks create` creates the cluster, then fails as a
    /// long-running operation that timed out (`OperationTimedOut`, exit 1).
    case aksCreateTimeout
    /// `nsg-delay=D`: the AKS NSGs and their NRMS rules appear D later than usual.
    case nsgDelay(Duration)
    /// `rule-revert=N`: a policy puts the next N updated NRMS rules back to Deny shortly after.
    case ruleRevert(Int)
    /// `tilt-crash`: the first `tilt up` exits with an error shortly after it became ready.
    case tiltCrash
    /// `vnet-delay=D`: CAPZ creates the workload VNet D later than usual.
    case vnetDelay(Duration)
    /// `throttle=N`: the next N Azure Resource Manager calls answer HTTP 429 Too Many Requests.
    case throttle(Int)
    /// `dns-zone-exists`: a private DNS zone with the run's name is left over in the workload
    /// resource group (no links, no records), as after an earlier attempt.
    case dnsZoneExists
    /// `ilb-delay=D`: the internal load balancer appears D later than usual.
    case ilbDelay(Duration)
    /// `login-expired`: the first az call after a login says the refresh token expired and logs out.
    case loginExpired
    /// `single-control-plane`: the cluster gets one control-plane machine, which never becomes
    /// Ready behind the internal load balancer (the hairpin problem).
    case singleControlPlane

    /// The spellings `--sim-faults` accepts, for messages.
    public static let spellings = [
        "aks-create-timeout", "nsg-delay=DURATION", "rule-revert=N", "tilt-crash", "vnet-delay=DURATION",
        "throttle=N", "dns-zone-exists", "ilb-delay=DURATION", "login-expired", "single-control-plane",
    ]

    /// The fault as `--sim-faults` spells it (`nsg-delay=5m`).
    public var spelling: String {
        switch self {
        case .aksCreateTimeout: return "aks-create-timeout"
        case .nsgDelay(let delay): return "nsg-delay=" + DurationText.format(delay)
        case .ruleRevert(let count): return "rule-revert=\(count)"
        case .tiltCrash: return "tilt-crash"
        case .vnetDelay(let delay): return "vnet-delay=" + DurationText.format(delay)
        case .throttle(let count): return "throttle=\(count)"
        case .dnsZoneExists: return "dns-zone-exists"
        case .ilbDelay(let delay): return "ilb-delay=" + DurationText.format(delay)
        case .loginExpired: return "login-expired"
        case .singleControlPlane: return "single-control-plane"
        }
    }

    /// Reads one entry of the list (`throttle=3`).
    ///
    /// - Throws: `SimError.invalidFault` naming the entry and the accepted spellings.
    static func parse(_ entry: String) throws(SimError) -> SimFault {
        let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
        let name = parts[0]
        let value = parts.count > 1 ? parts[1] : nil

        func noValue(_ fault: SimFault) throws(SimError) -> SimFault {
            guard value == nil else { throw SimError.invalidFault(entry, reason: "\(name) takes no value") }
            return fault
        }
        func duration() throws(SimError) -> Duration {
            guard let value, let duration = DurationText.parse(value) else {
                throw SimError.invalidFault(entry, reason: "\(name) needs a duration such as \(name)=5m (500ms, 90s, 10m, 1h30m)")
            }
            return duration
        }
        func count() throws(SimError) -> Int {
            guard let value, let count = Int(value), count > 0 else {
                throw SimError.invalidFault(entry, reason: "\(name) needs a positive count such as \(name)=2")
            }
            return count
        }

        switch name {
        case "aks-create-timeout": return try noValue(.aksCreateTimeout)
        case "nsg-delay": return .nsgDelay(try duration())
        case "rule-revert": return .ruleRevert(try count())
        case "tilt-crash": return try noValue(.tiltCrash)
        case "vnet-delay": return .vnetDelay(try duration())
        case "throttle": return .throttle(try count())
        case "dns-zone-exists": return try noValue(.dnsZoneExists)
        case "ilb-delay": return .ilbDelay(try duration())
        case "login-expired": return try noValue(.loginExpired)
        case "single-control-plane": return try noValue(.singleControlPlane)
        default: throw SimError.invalidFault(entry, reason: "unknown fault")
        }
    }
}
