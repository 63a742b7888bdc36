import Foundation

/// The simulated helm: `install`, `list`, `uninstall` and `version`, against the cluster a
/// `--kubeconfig` names (or the current context). Installing Calico's `tigera-operator` into a
/// workload cluster is what lets its nodes become Ready.
enum HelmTool {
    private static let flags: [CommandFlags.Spec] = [
        .value("--kubeconfig"), .value("--kube-context"), .value("--namespace", "-n"), .bool("--debug"),
        .value("--repo"), .value("--version"), .bool("--generate-name", "-g"), .value("--values", "-f"), .value("--set"),
        .value("--set-string"), .bool("--create-namespace"), .bool("--wait"), .value("--timeout"),
        .bool("--all-namespaces", "-A"), .value("--output", "-o"), .bool("--short", "-q"),
        .bool("--atomic"), .bool("--dry-run"),
    ]

    /// The charts the simulated repositories hold: chart → (chart version, app version).
    private static let charts: [String: (String, String)] = [
        "cloud-provider-azure": ("1.33.1", "v1.33.1"), "tigera-operator": ("v3.29.4", "v3.29.4"),
        "azuredisk-csi-driver": ("v1.33.0", "v1.33.0"),
    ]

    /// Answers one call.
    static func run(_ invocation: ToolInvocation, world: inout World) -> ToolResult {
        let parsed: CommandFlags
        switch CommandFlags.parse(invocation.arguments, specs: flags) {
        case .failure(let failure): return .failure(failure.message.replacingOccurrences(of: "error: ", with: "Error: ") + "\n")
        case .success(let result): parsed = result
        }
        var words = parsed.positionals
        guard !words.isEmpty else { return .ok("The Kubernetes package manager (simulated by capzflow-sim)\n") }
        let command = words.removeFirst()
        switch command {
        case "version":
            return .ok(
                parsed.isOn("--short") ? "v3.18.4+gd80839c\n"
                    : "version.BuildInfo{Version:\"v3.18.4\", GitCommit:\"d80839cf37d860c8aa9a0503fe463278f26cd5e2\", GitTreeState:\"clean\", GoVersion:\"go1.24.4\"}\n")
        case "install": return install(words, parsed, invocation, world: &world)
        case "list", "ls": return list(parsed, invocation, world: world)
        case "uninstall", "delete": return uninstall(words, parsed, invocation, world: &world)
        default: return .failure("Error: unknown command \"\(command)\" for \"helm\"\nRun 'helm --help' for usage.\n")
        }
    }

    private static func target(_ flags: CommandFlags, _ invocation: ToolInvocation, _ world: World, action: String)
        -> Result<KubeTarget, KubeFailure>
    {
        KubeTarget.resolve(
            kubeconfig: flags.value("--kubeconfig"), context: flags.value("--kube-context"), invocation: invocation,
            world: world
        ).mapError { failure in
            KubeFailure("Error: \(action)Kubernetes cluster unreachable: \(failure.message.replacingOccurrences(of: "Unable to connect to the server: ", with: ""))")
        }
    }

    private static func install(_ words: [String], _ flags: CommandFlags, _ invocation: ToolInvocation, world: inout World) -> ToolResult {
        let generate = flags.isOn("--generate-name")
        guard (generate && words.count == 1) || (!generate && words.count == 2) else {
            if !generate && words.count == 1 {
                return .failure("Error: INSTALLATION FAILED: must either provide a name or specify --generate-name\n")
            }
            return .failure("Error: \"helm install\" requires at most 2 arguments\n\nUsage:  helm install [NAME] [CHART] [flags]\n")
        }
        let reference = words[words.count - 1]
        let chart = reference.split(separator: "/").last.map(String.init) ?? reference
        guard let known = charts[chart] else {
            return .failure(
                "Error: INSTALLATION FAILED: chart \"\(chart)\" not found in \(flags.value("--repo") ?? "the configured") repository\n")
        }
        for file in flags.values["--values"] ?? [] where !FileManager.default.fileExists(atPath: invocation.resolve(file)) {
            return .failure("Error: INSTALLATION FAILED: open \(file): no such file or directory\n")
        }
        let resolved = target(flags, invocation, world, action: "INSTALLATION FAILED: ")
        guard case .success(let target) = resolved else {
            if case .failure(let failure) = resolved { return .failure(failure.message + "\n") }
            return .failure("\n")
        }
        let namespace = flags.value("--namespace") ?? "default"
        let existingNamespaces = Set(["default", "kube-system"] + world.helmReleases.filter { $0.cluster == target.name }.map(\.namespace))
        if !flags.isOn("--create-namespace"), !existingNamespaces.contains(namespace) {
            return .failure("Error: INSTALLATION FAILED: create: failed to create: namespaces \"\(namespace)\" not found\n")
        }
        let name = generate ? "\(chart)-\(Int(world.now.timeIntervalSince1970))" : words[0]
        if world.helmReleases.contains(where: { $0.cluster == target.name && $0.name == name && $0.namespace == namespace }) {
            return .failure("Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n")
        }
        let version = flags.value("--version") ?? known.0
        world.helmReleases.append(
            HelmRelease(
                cluster: target.name, name: name, namespace: namespace, chart: chart, chartVersion: version,
                appVersion: chart == "tigera-operator" ? version : known.1, values: flags.values["--set"] ?? [],
                installedAt: world.now))
        return .ok(
            "NAME: \(name)\nLAST DEPLOYED: \(deployedTime(world.now))\nNAMESPACE: \(namespace)\nSTATUS: deployed\nREVISION: 1\nTEST SUITE: None\n")
    }

    private static func deployedTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM d HH:mm:ss yyyy"
        return formatter.string(from: date)
    }

    private static func updatedTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSSSSS '+0000 UTC'"
        return formatter.string(from: date)
    }

    private static func list(_ flags: CommandFlags, _ invocation: ToolInvocation, world: World) -> ToolResult {
        let resolved = target(flags, invocation, world, action: "")
        guard case .success(let target) = resolved else {
            if case .failure(let failure) = resolved { return .failure(failure.message + "\n") }
            return .failure("\n")
        }
        let namespace = flags.value("--namespace") ?? "default"
        let releases = world.helmReleases.filter {
            $0.cluster == target.name && (flags.isOn("--all-namespaces") || $0.namespace == namespace)
        }
        let rows: [JSONValue] = releases.map { release in
            .object(
                JSONObject([
                    ("name", .string(release.name)), ("namespace", .string(release.namespace)), ("revision", "1"),
                    ("updated", .string(updatedTime(release.installedAt))), ("status", "deployed"),
                    ("chart", .string("\(release.chart)-\(release.chartVersion)")),
                    ("app_version", .string(release.appVersion)),
                ]))
        }
        switch flags.value("--output") ?? "table" {
        case "json": return .ok(JSONText.render(.array(rows), style: .compact) + "\n")
        case "yaml": return .ok(YAMLText.render(.array(rows)))
        default:
            if flags.isOn("--short") { return .ok(releases.map { $0.name + "\n" }.joined()) }
            let header = ["NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"]
            let table = rows.map { row in
                ["name", "namespace", "revision", "updated", "status", "chart", "app_version"].map { row[$0].stringValue ?? "" }
            }
            return .ok(KubectlTool.alignedRows([header] + table))
        }
    }

    private static func uninstall(_ words: [String], _ flags: CommandFlags, _ invocation: ToolInvocation, world: inout World) -> ToolResult {
        let resolved = target(flags, invocation, world, action: "uninstall: ")
        guard case .success(let target) = resolved else {
            if case .failure(let failure) = resolved { return .failure(failure.message + "\n") }
            return .failure("\n")
        }
        let namespace = flags.value("--namespace") ?? "default"
        var output = ""
        for name in words {
            guard world.helmReleases.contains(where: { $0.cluster == target.name && $0.name == name && $0.namespace == namespace }) else {
                return .failure("Error: uninstall: Release not loaded: \(name): release: not found\n")
            }
            world.helmReleases.removeAll { $0.cluster == target.name && $0.name == name && $0.namespace == namespace }
            output += "release \"\(name)\" uninstalled\n"
        }
        return .ok(output)
    }
}
