import Foundation

/// kubectl's default table output: the columns each kind prints, aligned with three spaces.
enum KubeTable {
    /// The rows for `objects` of `kind`, with a header unless `headers` is false.
    static func render(_ objects: [JSONValue], kind: KubeKind, now: Date, headers: Bool) -> String {
        let columns = self.columns(for: kind.kind)
        var rows = objects.map { object in columns.map { $0.1(object, now) } }
        if headers { rows.insert(columns.map(\.0), at: 0) }
        guard let count = rows.first?.count else { return "" }
        let widths = (0..<count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == count - 1 ? cell : cell.padding(toLength: widths[column] + 3, withPad: " ", startingAt: 0)
            }.joined().replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }

    /// kubectl's short age: `45s`, `3m20s`, `15m`, `5h10m`, `2d`.
    static func age(since date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        let minutes = seconds / 60
        let hours = minutes / 60
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<600: return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s"
        case ..<10_800: return "\(minutes)m"
        case ..<28_800: return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m"
        case ..<172_800: return "\(hours)h"
        default: return "\(hours / 24)d"
        }
    }

    private typealias Column = (String, @Sendable (JSONValue, Date) -> String)

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return ""
        }
    }

    private static let name: Column = ("NAME", { object, _ in text(object["metadata"]["name"]) })
    private static let age: Column = ("AGE", { object, now in
        let created = object["metadata"]["creationTimestamp"].stringValue.flatMap { try? Date($0, strategy: .iso8601) }
        return created.map { KubeTable.age(since: $0, now: now) } ?? "<unknown>"
    })
    private static func field(_ title: String, _ path: String, fallback: String = "") -> Column {
        (title, { object, _ in
            let value = text(object.value(at: path))
            return value.isEmpty ? fallback : value
        })
    }

    private static func columns(for kind: String) -> [Column] {
        switch kind {
        case "Node":
            return [
                name,
                ("STATUS", { object, _ in
                    let ready = object["status"]["conditions"].arrayValue?.first { $0["type"].stringValue == "Ready" }
                    return ready?["status"].stringValue == "True" ? "Ready" : "NotReady"
                }),
                ("ROLES", { object, _ in
                    let roles = (object["metadata"]["labels"].objectValue?.keys ?? [])
                        .filter { $0.hasPrefix("node-role.kubernetes.io/") }
                        .map { String($0.dropFirst("node-role.kubernetes.io/".count)) }
                    return roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")
                }),
                age, field("VERSION", "status.nodeInfo.kubeletVersion"),
            ]
        case "Cluster":
            return [name, field("CLUSTERCLASS", "spec.topology.class"), field("PHASE", "status.phase"), age, field("VERSION", "spec.topology.version")]
        case "KubeadmControlPlane":
            return [
                name,
                ("CLUSTER", { object, _ in
                    let label = text(object["metadata"]["labels"]["cluster.x-k8s.io/cluster-name"])
                    return label.isEmpty ? String(text(object["metadata"]["name"]).replacingOccurrences(of: "-control-plane", with: "")) : label
                }),
                field("INITIALIZED", "status.initialized"), field("API SERVER AVAILABLE", "status.ready"),
                field("REPLICAS", "status.replicas"), field("READY", "status.readyReplicas"),
                field("UPDATED", "status.updatedReplicas"), field("UNAVAILABLE", "status.unavailableReplicas"), age,
                field("VERSION", "spec.version"),
            ]
        case "MachineDeployment":
            return [
                name, field("CLUSTER", "spec.clusterName"), field("REPLICAS", "status.replicas"),
                field("READY", "status.readyReplicas"), field("UPDATED", "status.updatedReplicas"),
                field("UNAVAILABLE", "status.unavailableReplicas"), field("PHASE", "status.phase"), age,
                field("VERSION", "spec.template.spec.version"),
            ]
        case "Machine":
            return [
                name, field("CLUSTER", "spec.clusterName"), field("NODENAME", "status.nodeRef.name"),
                field("PROVIDERID", "spec.providerID"), field("PHASE", "status.phase"), age, field("VERSION", "spec.version"),
            ]
        case "AzureCluster":
            return [name, field("READY", "status.ready"), age]
        case "Secret":
            return [
                name, field("TYPE", "type"),
                ("DATA", { object, _ in String(object["data"].objectValue?.count ?? 0) }), age,
            ]
        default:
            return [name, age]
        }
    }
}
