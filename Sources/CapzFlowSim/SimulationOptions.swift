import Foundation

/// How a simulated world runs: how fast its clock goes and which faults it injects.
///
/// Chosen once when a run starts (`--sim-speed`, `--sim-faults`) and stored in the world, so a
/// resume keeps them unless the caller passes new ones.
public struct SimulationOptions: Sendable, Equatable, Codable {
    /// How much faster than the default pace the simulated clock runs: 1 is the default (the
    /// whole happy path in a few seconds), 2 twice as fast, 0.1 ten times slower. Must be > 0.
    public var speed: Double
    /// The faults to inject, in the order given.
    public var faults: [SimFault]

    /// Options with `speed` and `faults`.
    public init(speed: Double = 1, faults: [SimFault] = []) {
        self.speed = speed
        self.faults = faults
    }

    /// Reads a comma-separated fault list such as `throttle=3,nsg-delay=5m,tilt-crash`.
    ///
    /// Blank entries are ignored, so an empty list means no faults.
    /// - Throws: `SimError.invalidFault` naming the bad entry and the accepted spellings.
    public static func parseFaults(_ list: String) throws(SimError) -> [SimFault] {
        var faults: [SimFault] = []
        for entry in list.split(separator: ",") {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            faults.append(try SimFault.parse(trimmed))
        }
        return faults
    }
}
