import Foundation

/// The simulated Tilt: `up` (the long-running process) and its clients `get`, `wait`,
/// `trigger`, `logs`, `down` and `version`, which talk to it only while it is alive.
enum TiltTool {
    /// The Tilt version it reports.
    static let version = "v0.35.0, built 2025-07-15"

    private static let flags: [CommandFlags.Spec] = [
        .value("--port"), .value("--host"), .value("--file", "-f"), .bool("--stream"), .bool("--legacy"),
        .value("--output", "-o"), .value("--for"), .value("--timeout"), .value("--since"), .bool("--follow"),
        .bool("--debug", "-d"), .bool("--verbose", "-v"), .bool("--watch", "-w"), .value("--context"),
        .bool("--all"), .value("--namespace"), .bool("--delete-namespaces"),
    ]

    /// Answers one round of a tilt call.
    static func run(_ invocation: ToolInvocation, world: inout World) -> ToolResult {
        let parsed: CommandFlags
        switch CommandFlags.parse(invocation.arguments, specs: flags) {
        case .failure(let failure): return .failure(failure.message.replacingOccurrences(of: "error: ", with: "Error: ") + "\n")
        case .success(let result): parsed = result
        }
        var words = parsed.positionals
        let command = words.isEmpty ? "" : words.removeFirst()
        switch command {
        case "version": return .ok(version + "\n")
        case "up": return up(parsed, invocation, world: &world)
        case "down": return down(invocation, world: &world)
        case "get", "wait", "trigger", "logs":
            guard let session = world.tilt,
                session.isServing(at: world.now, processAlive: invocation.isProcessAlive(session.pid))
            else {
                if command == "get" || command == "wait" {
                    return .failure("The connection to the server localhost:10350 was refused - did you specify the right host or port?\n")
                }
                let endpoint = command == "trigger" ? "Post \"http://localhost:10350/api/trigger\"" : "Get \"http://localhost:10350/api/view\""
                return .failure("Error: \(endpoint): dial tcp 127.0.0.1:10350: connect: connection refused\n")
            }
            switch command {
            case "get", "wait":
                let result = command == "get"
                    ? get(words, parsed, session: session, world: world)
                    : wait(words, parsed, invocation, session: session, world: world)
                if result.exitCode == 0, result.next == nil { scheduleObservedCrash(&world) }
                return result
            case "trigger": return trigger(words, invocation, session: session, world: &world)
            default:
                let lines = session.log(upTo: world.now).filter { words.isEmpty || words.contains($0.resource) }
                return .ok(lines.map(format).joined())
            }
        default:
            return .failure("Error: unknown command \"\(command)\" for \"tilt\"\nRun 'tilt --help' for usage.\n")
        }
    }

    /// With `tilt-crash`, brings the crash forward once a client has seen the controller Ready.
    private static func scheduleObservedCrash(_ world: inout World) {
        guard var session = world.tilt, session.crashAwaitsObserver,
            session.status(of: TiltSession.controllerResource, at: world.now)?.ready == true
        else { return }
        session.crashAwaitsObserver = false
        session.crashAt = min(session.crashAt ?? .distantFuture, world.now + SimTimings.tiltCrash)
        world.tilt = session
    }

    /// A log line as `tilt up` and `tilt logs` print it.
    static func format(_ line: TiltSession.LogLine) -> String {
        let name = line.resource == TiltSession.tiltfileResource ? "Tiltfile" : line.resource
        return name.padding(toLength: max(name.count, 16), withPad: " ", startingAt: 0) + " │ " + line.text + "\n"
    }

    private static func down(_ invocation: ToolInvocation, world: inout World) -> ToolResult {
        guard let cluster = world.currentManagementCluster,
            let index = world.managedClusters.firstIndex(where: { $0.name == cluster.name && $0.resourceGroup == cluster.resourceGroup })
        else {
            return .failure("Error: no current Kubernetes context to delete the Tiltfile's objects from\n")
        }
        world.managedClusters[index].controllerRunningAt = nil
        return .ok("Loading Tiltfile at: \(invocation.workingDirectory)/Tiltfile\nDeleting kubernetes objects…\nSuccessfully deleted the Tiltfile's Kubernetes objects\n")
    }

    /// The resource names `words` address: `uiresource/NAME`, `uiresource NAME…` or all.
    private static func resourceNames(_ words: [String], session: TiltSession) -> Result<[String], KubeFailure> {
        guard let first = words.first else { return .failure(KubeFailure("error: you must specify the type of resource to get")) }
        let parts = first.split(separator: "/", maxSplits: 1).map(String.init)
        let type = parts[0].lowercased()
        guard ["uiresource", "uiresources", "uiresource.tilt.dev"].contains(type) else {
            return .failure(KubeFailure("error: the server doesn't have a resource type \"\(parts[0])\""))
        }
        let names = parts.count > 1 ? [parts[1]] + words.dropFirst() : Array(words.dropFirst())
        for name in names where !session.resourceNames.contains(name) {
            return .failure(KubeFailure("Error from server (NotFound): uiresources.tilt.dev \"\(name)\" not found"))
        }
        return .success(names.isEmpty ? session.resourceNames : names)
    }

    private static func get(_ words: [String], _ flags: CommandFlags, session: TiltSession, world: World) -> ToolResult {
        let output = flags.value("--output") ?? ""
        let type = words.first?.split(separator: "/").first.map { String($0).lowercased() } ?? ""
        if ["session", "sessions", "session.tilt.dev"].contains(type) {
            let name = words.count > 1 ? words[1] : words.first?.split(separator: "/").dropFirst().first.map(String.init)
            if let name, name != "Tiltfile" {
                return .failure("Error from server (NotFound): sessions.tilt.dev \"\(name)\" not found\n")
            }
            let object = TiltJSON(session: session, now: world.now).sessionObject()
            return print([object], single: name != nil, output: output, now: world.now)
        }
        switch resourceNames(words, session: session) {
        case .failure(let failure): return .failure(failure.message + "\n")
        case .success(let names):
            let json = TiltJSON(session: session, now: world.now)
            let single = words.count == 2 || (words.first?.contains("/") ?? false)
            return print(names.compactMap(json.resource), single: single, output: output, now: world.now)
        }
    }

    private static func print(_ objects: [JSONValue], single: Bool, output: String, now: Date) -> ToolResult {
        let document: JSONValue = single && objects.count == 1
            ? objects[0] : ["apiVersion": "v1", "items": .array(objects), "kind": "List", "metadata": ["resourceVersion": ""]]
        switch output {
        case "json": return .ok(JSONText.render(document, style: .go) + "\n")
        case "yaml": return .ok(YAMLText.render(document))
        case "name":
            return .ok(objects.map { "\(($0["kind"].stringValue ?? "").lowercased()).tilt.dev/\($0["metadata"]["name"].stringValue ?? "")\n" }.joined())
        case "":
            let rows = objects.map { object -> [String] in
                [object["metadata"]["name"].stringValue ?? "", object["metadata"]["creationTimestamp"].stringValue ?? ""]
            }
            return .ok(KubectlTool.alignedRows([["NAME", "CREATED AT"]] + rows))
        default:
            guard output.hasPrefix("jsonpath=") else {
                return .failure("error: unable to match a printer suitable for the output format \"\(output)\"\n")
            }
            do throws(KubeJSONPath.Failure) {
                return .ok(try KubeJSONPath(String(output.dropFirst("jsonpath=".count))).render(document))
            } catch {
                return .failure("error: error parsing jsonpath, \(error.message)\n")
            }
        }
    }

    /// `tilt wait --for=condition=Ready uiresource/NAME --timeout=DUR`: never blocks past its timeout.
    private static func wait(
        _ words: [String], _ flags: CommandFlags, _ invocation: ToolInvocation, session: TiltSession, world: World
    ) -> ToolResult {
        guard let condition = flags.value("--for"), condition.lowercased().hasPrefix("condition=") else {
            return .failure("error: --for must be condition=NAME\n")
        }
        let wanted = String(condition.dropFirst("condition=".count)).split(separator: "=").map(String.init)
        let names: [String]
        switch resourceNames(words, session: session) {
        case .failure(let failure): return .failure(failure.message + "\n")
        case .success(let found): names = found
        }
        let timeout = flags.value("--timeout").flatMap { DurationText.parse($0) } ?? .seconds(30)
        let deadline = (invocation.startedAt ?? world.now) + timeout
        let pending = names.filter { name in
            guard let status = session.status(of: name, at: world.now) else { return true }
            let met = wanted.first?.lowercased() == "uptodate"
                ? status.updateStatus == "ok" || status.updateStatus == "none" : status.ready
            return met != ((wanted.count > 1 ? wanted[1] : "true").lowercased() == "true")
        }
        if pending.isEmpty {
            return .ok(names.map { "uiresource.tilt.dev/\($0) condition met\n" }.joined())
        }
        if world.now >= deadline {
            return .failure("error: timed out waiting for the condition on uiresources/\(pending[0])\n")
        }
        return .again(after: min(SimTimings.kubeWaitInterval, deadline.duration(since: world.now)))
    }

    private static func trigger(_ words: [String], _ invocation: ToolInvocation, session: TiltSession, world: inout World) -> ToolResult {
        guard let name = words.first else { return .failure("Error: accepts 1 arg(s), received 0\n") }
        guard session.resourceNames.contains(name) else {
            return .failure("Error: resource \"\(name)\" does not exist\n")
        }
        var session = session
        var run = TiltSession.Trigger(resource: name, startedAt: world.now, finishAt: world.now + SimTimings.tiltTask)
        if session.flavors.contains(name) {
            let outcome = deployFlavor(name, session: session, world: &world)
            session.extraLogs += outcome.lines.map { .init(at: world.now, resource: name, text: $0) }
            run.error = outcome.error
        } else if name == TiltSession.deleteAllResource {
            for index in world.workloadClusters.indices where world.workloadClusters[index].deletingSince == nil {
                world.workloadClusters[index].deletingSince = world.now
                session.extraLogs.append(
                    .init(at: world.now, resource: name, text: "cluster.cluster.x-k8s.io \"\(world.workloadClusters[index].name)\" deleted"))
            }
        }
        session.triggers.append(run)
        world.tilt = session
        return .ok("Successfully triggered update for resource: \"\(name)\"\n")
    }

    /// A flavor button: renders the template with a new `CLUSTER_NAME` and applies it, as the
    /// Tiltfile's flavor command does (the peering and DNS work that follows is not simulated
    /// here: the capzflow workflow does it with az).
    private static func deployFlavor(_ flavor: String, session: TiltSession, world: inout World) -> (lines: [String], error: String?) {
        let file = "\(session.checkout)/templates/cluster-template-\(flavor).yaml"
        guard let template = try? String(contentsOfFile: file, encoding: .utf8) else {
            return (["error: cannot read \(file)"], "cannot read \(file)")
        }
        var environment = session.substitutions
        if (environment["AZURE_INTERNAL_LB_PRIVATE_IP"] ?? "").isEmpty {
            environment["AZURE_INTERNAL_LB_PRIVATE_IP"] = flavor.contains("windows") ? "40.0.11.100" : "30.0.11.100"
        }
        environment["CLUSTER_NAME"] = "\(flavor.replacingOccurrences(of: "windows", with: "win"))-\(Int(world.random.next() % 32768))"
        let rendered = EnvsubstTool.substitute(template, environment: &environment)
        guard let cluster = session.managementCluster.flatMap(world.managedCluster(named:)),
            let documents = try? YAMLText.parseAll(rendered)
        else {
            return (["error: the flavor template does not render"], "the flavor template does not render")
        }
        var lines: [String] = []
        var failed = false
        for outcome in world.apply(documents, to: cluster, namespace: "default", source: "STDIN") {
            switch outcome {
            case .stored(let line): lines.append(line)
            case .refused(let message):
                lines.append(message)
                failed = true
            }
        }
        if !failed { lines.append("Cluster \(environment["CLUSTER_NAME"] ?? "") created, don't forget to delete") }
        return (lines, failed ? "kubectl apply failed" : nil)
    }
}
