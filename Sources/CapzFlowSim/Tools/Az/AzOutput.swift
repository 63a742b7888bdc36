import Foundation

/// Shapes an az result with `--query` and prints it in the `--output` format, as knack does.
enum AzOutput {
    /// The result after `query`, printed as `format`; nil result prints nothing.
    ///
    /// - json/jsonc: `json.dumps(indent=2, sort_keys=True)`.
    /// - tsv: a list prints one row per item, anything else one row; an object row is its
    ///   values tab-separated (a `--query` hash in its own order, other objects by sorted key),
    ///   nested lists print their length and nested objects nothing; booleans are `true`/`false`
    ///   at the top level and `True`/`False` inside rows, nulls `None`.
    /// - table: a header, dashes and one row per object, over the scalar fields.
    /// - yaml: block YAML. none: nothing.
    static func render(_ result: JSONValue?, format: String, query: JMESPath?) throws(JMESPath.EvaluationFailure) -> String {
        guard var value = result?.sortingKeys else { return "" }
        if let query { value = try query.evaluate(value) }
        if value == .null { return "" }
        switch format {
        case "none": return ""
        case "tsv": return tsv(value, queryShaped: query != nil)
        case "table": return table(value)
        case "yaml", "yamlc": return YAMLText.render(value)
        default: return JSONText.render(value, style: .azure) + "\n"
        }
    }

    private static func tsv(_ value: JSONValue, queryShaped: Bool) -> String {
        let rows = value.arrayValue ?? [value]
        return rows.map { row -> String in
            switch row {
            case .object(let object):
                let members = queryShaped ? object : object.sortedByKey
                return members.pairs.map { cell($0.value) }.joined(separator: "\t") + "\n"
            case .array(let items):
                return items.map(cell).joined(separator: "\t") + "\n"
            case .bool(let flag):
                return (flag ? "true" : "false") + "\n"
            default:
                return cell(row) + "\n"
            }
        }.joined()
    }

    private static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return text
        case .array(let items): return String(items.count)
        case .object: return ""
        }
    }

    private static func table(_ value: JSONValue) -> String {
        let rows = (value.arrayValue ?? [value]).map { row -> JSONObject in
            if case .object(let object) = row {
                return JSONObject(object.pairs.filter { pair in
                    !["id", "type", "etag"].contains(pair.key) && pair.value.arrayValue == nil && pair.value.objectValue == nil
                }.map { ($0.key.prefix(1).uppercased() + $0.key.dropFirst(), $0.value) })
            }
            return JSONObject([("Result", row)])
        }
        guard let columns = rows.first?.keys, !columns.isEmpty else { return "" }
        let cells = rows.map { row in columns.map { row[$0].map(cell) ?? "" } }
        let widths = columns.indices.map { column in
            max(columns[column].count, cells.map { $0[column].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(columns), line(widths.map { String(repeating: "-", count: $0) })] + cells.map(line))
            .joined(separator: "\n") + "\n"
    }
}
