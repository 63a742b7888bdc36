/// The world's source of random names and identifiers, stored with it.
///
/// A generator in the world (rather than the system's) makes a world's choices reproducible
/// from its seed, and keeps names stable across the processes that share the world.
struct SeededRandom: Codable, Sendable, Equatable, RandomNumberGenerator {
    /// The generator's state (splitmix64).
    private var state: UInt64

    /// A generator starting from `seed`.
    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// `count` characters of `[a-z0-9]`, as Kubernetes name suffixes use.
    mutating func suffix(_ count: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<count).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
    }

    /// `count` decimal digits.
    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(next() % 10)) })
    }

    /// A random version-4 GUID, lower case.
    mutating func guid() -> String {
        let hex = Array("0123456789abcdef")
        var characters = (0..<32).map { _ in hex[Int(next() % 16)] }
        characters[12] = "4"
        characters[16] = hex[8 + Int(next() % 4)]
        let text = String(characters)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(text.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }
}
