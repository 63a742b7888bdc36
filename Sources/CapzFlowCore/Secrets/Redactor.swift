import Foundation

/// Replaces secret values with `***` in any text before it is stored or shown.
///
/// Built once per runner from the values of the variables that are secret (listed under
/// `secrets:` or with SECRET, PASSWORD or TOKEN in their names). Besides each value it masks
/// the value's base64 forms, including the stable middle of its encoding at each of the three
/// byte alignments, so a secret base64-encoded inside a larger blob (a kubeconfig, a header)
/// is masked as well.
public struct Redactor: Sendable, Equatable {
    /// The mask written in place of a secret.
    public static let mask = "***"
    /// Values shorter than this are not masked: masking a one-letter value would garble
    /// every line while protecting nothing.
    public static let minimumLength = 4

    private let needles: [String]

    /// A redactor that masks `secrets` (empty and too-short values are ignored).
    public init(secrets: some Sequence<String>) {
        var needles: Set<String> = []
        for secret in secrets where secret.utf8.count >= Self.minimumLength {
            needles.insert(secret)
            needles.formUnion(Self.base64Forms(of: secret))
        }
        // Longest first, so that a value containing another is masked whole.
        self.needles = needles.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// A redactor that masks nothing.
    public static let none = Redactor(secrets: [String]())

    /// Whether there is anything to mask.
    public var isEmpty: Bool { needles.isEmpty }

    /// `text` with every secret and base64 form of one replaced by `***`.
    public func redact(_ text: String) -> String {
        guard !needles.isEmpty else { return text }
        var result = text
        for needle in needles where result.contains(needle) {
            result = result.replacingOccurrences(of: needle, with: Self.mask)
        }
        return result
    }

    /// The secret values of an environment: those of names listed in `names` and of names
    /// that look secret.
    public static func secretValues(in environment: [String: String], listed names: [String]) -> [String] {
        environment.compactMap { name, value in
            names.contains(name) || WorkflowNames.looksSecret(name) ? value : nil
        }
    }

    /// The base64 text of `secret` on its own, and the part of its encoding that stays the
    /// same wherever it sits in a larger encoded blob (one per byte alignment).
    static func base64Forms(of secret: String) -> [String] {
        let bytes = Array(secret.utf8)
        var forms = [Data(bytes).base64EncodedString()]
        for offset in 0..<3 {
            let padded = Array(repeating: UInt8(0), count: offset) + bytes
            let encoded = Array(Data(padded).base64EncodedString().utf8)
            // Characters that depend only on the secret's bytes: skip those mixing in the
            // leading pad bytes, and stop at the last character whose six bits lie wholly
            // inside the secret (the next one mixes in whatever follows it).
            let start = offset == 0 ? 0 : (offset == 1 ? 2 : 3)
            let end = padded.count * 8 / 6
            if end - start >= 4 {
                forms.append(String(decoding: encoded[start..<end], as: UTF8.self))
            }
        }
        return forms
    }
}
