import Foundation

/// The simulated kubectl: `config`, `apply`, `get`, `wait`, `delete`, `scale` and `version`
/// against the management cluster of the current context, or the cluster a `--kubeconfig` names.
enum KubectlTool {
    /// The client version it reports.
    static let version = "v1.33.2"

    private static let globalFlags: [CommandFlags.Spec] = [
        .value("--kubeconfig"), .value("--context"), .value("--namespace", "-n"), .bool("--all-namespaces", "-A"),
        .value("--request-timeout"), .value("--v", "-v"), .value("--cluster"), .value("--user"),
    ]

    private static let commandFlags: [String: [CommandFlags.Spec]] = [
        "get": [
            .value("--output", "-o"), .value("--selector", "-l"), .bool("--no-headers"), .bool("--ignore-not-found"),
            .bool("--show-labels"), .value("--field-selector"), .value("--chunk-size"),
        ],
        "apply": [
            .value("--filename", "-f"), .bool("--server-side"), .value("--validate"), .value("--dry-run"),
            .bool("--force-conflicts"), .value("--field-manager"), .value("--output", "-o"), .bool("--wait"),
        ],
        "wait": [.value("--for"), .bool("--all"), .value("--timeout"), .value("--selector", "-l")],
        "delete": [
            .bool("--all"), .value("--wait"), .bool("--ignore-not-found"), .value("--timeout"), .value("--filename", "-f"),
            .value("--selector", "-l"),
        ],
        "scale": [.value("--replicas"), .value("--current-replicas")],
        "config": [.value("--output", "-o"), .bool("--minify"), .bool("--raw")],
        "version": [.bool("--client"), .value("--output", "-o")],
        "cluster-info": [],
    ]

    /// Answers one round of a kubectl call.
    static func run(_ invocation: ToolInvocation, world: inout World) -> ToolResult {
        let everyFlag = globalFlags + commandFlags.values.flatMap { $0 }
        let command = (try? CommandFlags.parse(invocation.arguments, specs: everyFlag).get())?.positionals.first
            ?? invocation.arguments.first { !$0.hasPrefix("-") } ?? ""
        if invocation.arguments.isEmpty {
            return .ok("kubectl controls the Kubernetes cluster manager (simulated by capzflow-sim).\n")
        }
        guard let specs = commandFlags[command] else {
            return .failure(
                "error: unknown command \"\(command)\" for \"kubectl\"\n\nDid you mean this?\n\tget\n", code: 1)
        }
        let flags: CommandFlags
        switch CommandFlags.parse(invocation.arguments, specs: globalFlags + specs) {
        case .failure(let failure):
            return .failure(failure.message + "\nSee 'kubectl \(command) --help' for usage.\n")
        case .success(let parsed): flags = parsed
        }
        var words = flags.positionals
        words.removeFirst()
        switch command {
        case "config": return config(words, flags: flags, world: &world)
        case "version":
            let client = "Client Version: \(version)\nKustomize Version: v5.6.0\n"
            if flags.isOn("--client") { return .ok(client) }
            return withTarget(flags, invocation, world) { target in
                .ok(client + "Server Version: \(serverVersion(target))\n")
            }
        case "cluster-info":
            return withTarget(flags, invocation, world) { target in
                .ok("Kubernetes control plane is running at \(server(target))\n")
            }
        case "apply": return apply(flags, invocation, world: &world)
        case "get": return get(words, flags: flags, invocation, world: world)
        case "wait": return wait(words, flags: flags, invocation, world: world)
        case "delete": return delete(words, flags: flags, invocation, world: &world)
        default: return scale(words, flags: flags, invocation, world: world)
        }
    }

    /// Runs `body` against the call's cluster, or fails with kubectl's connection error.
    static func withTarget(
        _ flags: CommandFlags, _ invocation: ToolInvocation, _ world: World, _ body: (KubeTarget) -> ToolResult
    ) -> ToolResult {
        switch KubeTarget.resolve(
            kubeconfig: flags.value("--kubeconfig"), context: flags.value("--context"), invocation: invocation,
            world: world)
        {
        case .failure(let failure): return .failure(failure.message + "\n")
        case .success(let target): return body(target)
        }
    }

    private static func serverVersion(_ target: KubeTarget) -> String {
        switch target {
        case .management(let cluster): return "v" + cluster.kubernetesVersion
        case .workload(let cluster): return cluster.kubernetesVersion
        }
    }

    private static func server(_ target: KubeTarget) -> String {
        switch target {
        case .management(let cluster): return "https://\(cluster.fqdn):443"
        case .workload(let cluster): return "https://\(cluster.publicDNSName):6443"
        }
    }

    private static func config(_ words: [String], flags: CommandFlags, world: inout World) -> ToolResult {
        switch words.first {
        case "current-context":
            guard let current = world.currentContext else { return .failure("error: current-context is not set\n") }
            return .ok(current + "\n")
        case "get-contexts":
            if flags.value("--output") == "name" {
                return .ok(world.kubeContexts.map { $0.name + "\n" }.joined())
            }
            let rows = world.kubeContexts.map { context in
                [context.name == world.currentContext ? "*" : "", context.name, context.cluster,
                 "clusterUser_\(context.resourceGroup)_\(context.cluster)", ""]
            }
            return .ok(alignedRows([["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]] + rows))
        case "use-context":
            guard let name = words.dropFirst().first else { return .failure("error: Unexpected args: []\n") }
            guard world.kubeContexts.contains(where: { $0.name == name }) else {
                return .failure("error: no context exists with the name: \"\(name)\"\n")
            }
            world.currentContext = name
            return .ok("Switched to context \"\(name)\".\n")
        case "delete-context":
            guard let name = words.dropFirst().first else { return .failure("error: Unexpected args: []\n") }
            guard world.kubeContexts.contains(where: { $0.name == name }) else {
                return .failure("error: cannot delete context \(name), not in the kubeconfig\n")
            }
            world.kubeContexts.removeAll { $0.name == name }
            if world.currentContext == name {
                world.currentContext = nil
                return ToolResult(
                    stdout: "deleted context \(name) from the kubeconfig\n",
                    stderr: "warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n")
            }
            return .ok("deleted context \(name) from the kubeconfig\n")
        default:
            return .failure("error: unknown command \"\(words.first ?? "")\" for \"kubectl config\"\n")
        }
    }

    /// Rows aligned in columns three spaces apart, as kubectl's tab writer does.
    static func alignedRows(_ rows: [[String]]) -> String {
        guard let count = rows.first?.count else { return "" }
        let widths = (0..<count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == count - 1 ? cell : cell.padding(toLength: widths[column] + 3, withPad: " ", startingAt: 0)
            }.joined().replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }

    private static func apply(_ flags: CommandFlags, _ invocation: ToolInvocation, world: inout World) -> ToolResult {
        let files = flags.values["--filename"] ?? []
        guard !files.isEmpty else {
            return .failure("error: must specify one of -f and -k\n\nSee 'kubectl apply -h' for help and examples\n")
        }
        var sources: [(String, String)] = []
        for file in files {
            if file == "-" {
                sources.append(("STDIN", invocation.readStandardInput()))
            } else {
                let path = invocation.resolve(file)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    return .failure("error: the path \"\(file)\" does not exist\n")
                }
                sources.append((file, text))
            }
        }
        let resolved = KubeTarget.resolve(
            kubeconfig: flags.value("--kubeconfig"), context: flags.value("--context"), invocation: invocation, world: world)
        guard case .success(let target) = resolved else {
            if case .failure(let failure) = resolved { return .failure(failure.message + "\n") }
            return .failure("\n")
        }
        guard case .management(let cluster) = target else {
            return .failure("error: the simulated workload clusters accept no manifests (capzflow-sim models only nodes there)\n")
        }
        var stdout = ""
        var stderr = ""
        for (source, text) in sources {
            let documents: [JSONValue]
            do {
                documents = try YAMLText.parseAll(text)
            } catch {
                stderr += "error: error parsing \(source): error converting YAML to JSON: \(error.message)\n"
                continue
            }
            let namespace = flags.value("--namespace") ?? "default"
            for outcome in world.apply(documents, to: cluster, namespace: namespace, source: source) {
                switch outcome {
                case .stored(let line): stdout += line + "\n"
                case .refused(let message): stderr += message + "\n"
                }
            }
        }
        return ToolResult(stdout: stdout, stderr: stderr, exitCode: stderr.isEmpty ? 0 : 1)
    }
}
