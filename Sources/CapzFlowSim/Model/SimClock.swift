import Foundation

/// The simulated world's clock: simulated time runs `rate` times faster than real time.
///
/// Anchored at a real instant and the simulated instant it maps to; changing the speed
/// re-anchors at the current moment, so simulated time never jumps backwards.
struct SimClock: Codable, Sendable, Equatable {
    /// How many simulated seconds pass per real second at speed 1: an AKS create (10 simulated
    /// minutes) takes 1.5 real seconds.
    static let baseRate = 400.0

    /// A real instant.
    var realAnchor: Date
    /// The simulated instant `realAnchor` maps to.
    var simulatedAnchor: Date
    /// Simulated seconds per real second.
    var rate: Double

    /// A clock starting at `real` (simulated time begins equal to it) at `speed`.
    init(startingAt real: Date, speed: Double) {
        realAnchor = real
        simulatedAnchor = real
        rate = Self.baseRate * speed
    }

    /// The simulated time at real instant `real`.
    func simulated(at real: Date) -> Date {
        simulatedAnchor.addingTimeInterval(real.timeIntervalSince(realAnchor) * rate)
    }

    /// Changes the speed from real instant `real` on.
    mutating func setSpeed(_ speed: Double, at real: Date) {
        simulatedAnchor = simulated(at: real)
        realAnchor = real
        rate = Self.baseRate * speed
    }
}
