/// The faults of a world with what is left of each, so a resume continues them.
struct FaultState: Codable, Sendable, Equatable {
    /// `aks-create-timeout` not yet used.
    var aksCreateTimeout = false
    /// `nsg-delay`, added to the NSGs' appearance.
    var nsgDelay: Duration = .zero
    /// `rule-revert` reverts left.
    var ruleReverts = 0
    /// `tilt-crash` not yet used.
    var tiltCrash = false
    /// `vnet-delay`, added to the workload VNet's appearance.
    var vnetDelay: Duration = .zero
    /// `throttle` answers left.
    var throttles = 0
    /// `dns-zone-exists` not yet used.
    var dnsZoneExists = false
    /// `ilb-delay`, added to the internal load balancer's appearance.
    var ilbDelay: Duration = .zero
    /// `login-expired` not yet used.
    var loginExpired = false
    /// `single-control-plane`: every workload cluster gets one control-plane machine.
    var singleControlPlane = false

    /// The state of a fresh world with `faults`; repeated counts add up.
    init(_ faults: [SimFault] = []) {
        for fault in faults {
            switch fault {
            case .aksCreateTimeout: aksCreateTimeout = true
            case .nsgDelay(let delay): nsgDelay += delay
            case .ruleRevert(let count): ruleReverts += count
            case .tiltCrash: tiltCrash = true
            case .vnetDelay(let delay): vnetDelay += delay
            case .throttle(let count): throttles += count
            case .dnsZoneExists: dnsZoneExists = true
            case .ilbDelay(let delay): ilbDelay += delay
            case .loginExpired: loginExpired = true
            case .singleControlPlane: singleControlPlane = true
            }
        }
    }
}
