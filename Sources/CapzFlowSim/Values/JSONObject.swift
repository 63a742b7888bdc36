/// A JSON object that keeps its keys in the order they were set.
struct JSONObject: Equatable, Sendable {
    /// The members, in order; each key appears once.
    private(set) var pairs: [(key: String, value: JSONValue)]

    /// An object with `pairs`, later duplicates replacing earlier ones in place.
    init(_ pairs: [(String, JSONValue)] = []) {
        self.pairs = []
        for (key, value) in pairs { self[key] = value }
    }

    /// The keys, in order.
    var keys: [String] { pairs.map(\.key) }

    /// The number of members.
    var count: Int { pairs.count }

    /// Whether the object has no members.
    var isEmpty: Bool { pairs.isEmpty }

    /// The member named `key`; setting nil removes it, setting a new key appends it.
    subscript(key: String) -> JSONValue? {
        get { pairs.first { $0.key == key }?.value }
        set {
            let index = pairs.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): pairs[index].value = value
            case (let index?, nil): pairs.remove(at: index)
            case (nil, let value?): pairs.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// The same members with keys sorted, as the az and Go JSON printers print them.
    var sortedByKey: JSONObject {
        JSONObject(pairs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    static func == (left: JSONObject, right: JSONObject) -> Bool {
        left.pairs.count == right.pairs.count
            && zip(left.pairs, right.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}
