import CapzFlowCore
import Foundation

/// Serialises JSON objects for `--json` output: sorted keys, no escaped slashes.
enum JSONText {
    static func encode(_ value: Any) -> String {
        // Inputs are dictionaries and arrays of strings, numbers, booleans and NSNull.
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "null"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A JSON object text read back as a dictionary (an empty one if it is not an object).
    static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    static func time(_ date: Date?) -> Any {
        date.map { EventJSON.timestamp($0) } ?? NSNull()
    }
}
