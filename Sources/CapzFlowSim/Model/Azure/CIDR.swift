/// IPv4 CIDR arithmetic, for the checks Azure makes (peered address spaces must not overlap,
/// an ILB's private IP must lie in its subnet).
enum CIDR {
    /// The first and last address of `cidr` as integers; nil when it is not an IPv4 CIDR.
    static func range(_ cidr: String) -> ClosedRange<UInt32>? {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits), let base = address(String(parts[0]))
        else { return nil }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        return (base & mask)...((base & mask) | ~mask)
    }

    /// An IPv4 address as an integer.
    static func address(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
        return octets.reduce(0) { $0 << 8 | $1 }
    }

    /// Whether `address` lies in `cidr`.
    static func contains(_ cidr: String, _ address: String) -> Bool {
        guard let range = range(cidr), let value = self.address(address) else { return false }
        return range.contains(value)
    }

    /// The first prefix of `left` that overlaps one of `right`, if any.
    static func firstOverlap(_ left: [String], _ right: [String]) -> String? {
        left.first { first in
            guard let a = range(first) else { return false }
            return right.contains { second in range(second).map { a.overlaps($0) } ?? false }
        }
    }
}
