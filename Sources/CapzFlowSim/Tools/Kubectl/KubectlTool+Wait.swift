import Foundation

/// `kubectl wait`, `delete` and `scale`.
extension KubectlTool {
    /// Polls until every addressed object meets `--for` (`condition=NAME[=VALUE]` or `delete`),
    /// printing `KIND/NAME condition met`; at `--timeout` (default 30s) fails with kubectl's
    /// "timed out waiting for the condition" without waiting any longer.
    static func wait(_ words: [String], flags: CommandFlags, _ invocation: ToolInvocation, world: World) -> ToolResult {
        guard let condition = flags.value("--for") else {
            return .failure("error: --for must be specified\n")
        }
        let kind: KubeKind
        let names: [String]
        switch resourceArguments(words) {
        case .failure(let failure): return .failure(failure.message + "\n")
        case .success(let parsed): (kind, names) = parsed
        }
        let timeout = flags.value("--timeout").flatMap { DurationText.parse($0) } ?? .seconds(30)
        let deadline = (invocation.startedAt ?? world.now) + timeout
        return withTarget(flags, invocation, world) { target in
            let deleting = condition == "delete"
            let objects: [JSONValue]
            switch select(kind, names: names, flags: flags, target: target, world: world, ignoreMissing: deleting) {
            case .failure(let failure):
                return .failure(failure.message + "\n")
            case .success(let selected):
                objects = selected
            }
            if objects.isEmpty, !deleting, names.isEmpty {
                return .failure("error: no matching resources found\n")
            }
            let pending = objects.filter { !deleting && !meets($0, condition: condition) }
            let remaining = deleting ? objects : pending
            if remaining.isEmpty {
                let met = (deleting ? names : objects.map { $0["metadata"]["name"].stringValue ?? "" })
                    .map { "\(kind.qualifiedSingular)/\($0) condition met\n" }.joined()
                return .ok(met)
            }
            if world.now >= deadline {
                let name = remaining[0]["metadata"]["name"].stringValue ?? ""
                return .failure("error: timed out waiting for the condition on \(kind.plural)/\(name)\n")
            }
            return .again(after: min(SimTimings.kubeWaitInterval, deadline.duration(since: world.now)))
        }
    }

    /// Whether `object` meets `condition=NAME[=VALUE]` (names compared case-insensitively).
    private static func meets(_ object: JSONValue, condition: String) -> Bool {
        let parts = condition.split(separator: "=").map(String.init)
        guard parts.count >= 2, parts[0] == "condition" else { return false }
        let wanted = parts.count > 2 ? parts[2] : "True"
        return (object["status"]["conditions"].arrayValue ?? []).contains {
            $0["type"].stringValue?.lowercased() == parts[1].lowercased()
                && $0["status"].stringValue?.lowercased() == wanted.lowercased()
        }
    }

    /// Deletes objects; a Cluster goes through the CAPZ controller (its resources go too), and
    /// the call waits for it to be gone unless `--wait=false`.
    static func delete(_ words: [String], flags: CommandFlags, _ invocation: ToolInvocation, world: inout World) -> ToolResult {
        let kind: KubeKind
        let names: [String]
        switch resourceArguments(words) {
        case .failure(let failure): return .failure(failure.message + "\n")
        case .success(let parsed): (kind, names) = parsed
        }
        guard !names.isEmpty || flags.isOn("--all") || flags.value("--selector") != nil else {
            return .failure("error: resource(s) were provided, but no name was specified\n")
        }
        let snapshot = world
        return withTarget(flags, invocation, snapshot) { target in
            guard case .management(let management) = target else {
                return .failure("error: the simulated workload clusters accept no deletions (capzflow-sim models only nodes there)\n")
            }
            if invocation.round > 0 {
                let left = names.filter { name in world.workloadClusters.contains { $0.name == name && $0.managementCluster == management.name } }
                return left.isEmpty ? .ok() : .again(after: SimTimings.kubeWaitInterval)
            }
            let objects: [JSONValue]
            switch select(kind, names: names, flags: flags, target: target, world: world, ignoreMissing: flags.isOn("--ignore-not-found")) {
            case .failure(let failure): return .failure(failure.message + "\n")
            case .success(let selected): objects = selected
            }
            if objects.isEmpty { return ToolResult(stderr: "No resources found\n") }
            var stdout = ""
            var deletedClusters: [String] = []
            for object in objects {
                let name = object["metadata"]["name"].stringValue ?? ""
                let namespace = object["metadata"]["namespace"].stringValue ?? "default"
                if kind.kind == "Cluster", let index = world.workloadIndex(name) {
                    if world.workloadClusters[index].deletingSince == nil { world.workloadClusters[index].deletingSince = world.now }
                    deletedClusters.append(name)
                } else {
                    world.kubeObjects.removeAll {
                        $0.managementCluster == management.name && $0.kind == kind.kind && $0.name == name && $0.namespace == namespace
                    }
                }
                stdout += "\(kind.qualifiedSingular) \"\(name)\" deleted\n"
            }
            let waits = flags.value("--wait").map { $0 != "false" } ?? true
            if waits, !deletedClusters.isEmpty {
                return ToolResult(stdout: stdout, next: .again(after: SimTimings.kubeWaitInterval))
            }
            return .ok(stdout)
        }
    }

    /// `kubectl scale deployment NAME --replicas=N` (the BYO-identity path scales metrics-server).
    static func scale(_ words: [String], flags: CommandFlags, _ invocation: ToolInvocation, world: World) -> ToolResult {
        guard flags.value("--replicas") != nil else { return .failure("error: required flag(s) \"replicas\" not set\n") }
        let parts = words.first?.split(separator: "/").map(String.init) ?? []
        let name = parts.count > 1 ? parts[1] : words.dropFirst().first
        guard let type = parts.first, ["deployment", "deployments", "deploy"].contains(type), let name else {
            return .failure("error: the simulated kubectl scales deployments only (kubectl scale deployment NAME --replicas=N)\n")
        }
        return withTarget(flags, invocation, world) { _ in .ok("deployment.apps/\(name) scaled\n") }
    }
}
