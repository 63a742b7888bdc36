/// A short fingerprint of a workflow file's text, recorded with every run.
///
/// It names a definition in `history` and tells `resume` at a glance that the file on disk
/// is not the one the run pinned (the pinned text itself is compared to find what changed).
/// FNV-1a, 64 bits: not a security measure, only an identity for text we also store whole.
public enum DefinitionHash {
    /// The fingerprint of `text`, as `fnv1a64:` and 16 hex digits.
    public static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
