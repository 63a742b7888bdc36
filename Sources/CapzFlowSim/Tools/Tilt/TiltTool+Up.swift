import Foundation

/// `tilt up`: the long-running process.
extension TiltTool {
    /// Round 0 starts a session (or refuses: a Tilt already serving, no Tiltfile); later rounds
    /// stream new log lines, record what the Tiltfile has installed into the management cluster,
    /// and end the process when the `tilt-crash` fault strikes. The process otherwise runs until
    /// it is killed.
    static func up(_ flags: CommandFlags, _ invocation: ToolInvocation, world: inout World) -> ToolResult {
        if invocation.round == 0 {
            if let current = world.tilt, current.isServing(at: world.now, processAlive: invocation.isProcessAlive(current.pid)) {
                return .failure(
                    "Tilt cannot start because you already have another process on port 10350\n"
                        + "If you want to run multiple Tilt instances simultaneously,\n"
                        + "use the --port flag or TILT_PORT env variable to set a custom port\n"
                        + "Original error: listen tcp 127.0.0.1:10350: bind: address already in use\n")
            }
            let tiltfile = invocation.resolve(flags.value("--file") ?? "Tiltfile")
            guard FileManager.default.fileExists(atPath: tiltfile) else {
                return .failure("No Tiltfile found at paths '\(flags.value("--file") ?? "Tiltfile")'. Check out https://docs.tilt.dev/tutorial.html\n")
            }
            world.tilt = startSession(invocation, world: &world)
            return stream(invocation, printed: 0, world: &world, banner: true)
        }
        return stream(invocation, printed: Int(invocation.carry ?? "") ?? 0, world: &world, banner: false)
    }

    private static func startSession(_ invocation: ToolInvocation, world: inout World) -> TiltSession {
        let directory = invocation.workingDirectory
        let settings = (try? String(contentsOfFile: directory + "/tilt-settings.yaml", encoding: .utf8))
            .flatMap { try? YAMLText.parse($0) } ?? .null
        var substitutions = invocation.environment
        for section in ["aks_as_mgmt_settings", "kustomize_substitutions"] {
            for (key, value) in settings[section].objectValue?.pairs ?? [] {
                substitutions[key] = value.stringValue ?? value.intValue.map(String.init) ?? ""
            }
        }
        let allowed = settings["allowed_contexts"].arrayValue?.compactMap(\.stringValue) ?? ["kind-capz"]
        var loadError: String?
        var management: String?
        switch KubeTarget.resolve(kubeconfig: nil, context: nil, invocation: invocation, world: world) {
        case .failure(let failure):
            loadError = failure.message
        case .success(.workload(let cluster)):
            loadError = "Stop! \(cluster.name) might be production.\nIf you're sure you want to deploy there, add:\n\tallow_k8s_contexts('\(cluster.name)')\nto your Tiltfile. Otherwise, switch k8s contexts and restart Tilt."
        case .success(.management(let cluster)):
            management = cluster.name
            let context = world.currentContext ?? cluster.name
            if !allowed.contains(context) {
                loadError = "Stop! \(context) might be production.\nIf you're sure you want to deploy there, add:\n\tallow_k8s_contexts('\(context)')\nto your Tiltfile. Otherwise, switch k8s contexts and restart Tilt."
            }
        }
        if loadError == nil {
            let missing = ["AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_ID"].filter {
                (substitutions[$0] ?? "").isEmpty
            }
            if !missing.isEmpty {
                loadError = "missing kustomize_substitutions keys [\(missing.map { "\"\($0)\"" }.joined(separator: ", "))] in tilt-setting.yaml"
            }
        }
        let templates = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/templates")) ?? []
        let flavors = templates.filter { $0.hasPrefix("cluster-template") && $0.hasSuffix(".yaml") }.map { file -> String in
            let stem = String(file.dropLast(".yaml".count))
            return stem == "cluster-template" ? "default" : String(stem.dropFirst("cluster-template-".count))
        }.sorted()
        var session = TiltSession(
            pid: invocation.processID, startedAt: world.now, checkout: directory, managementCluster: management,
            loadError: loadError, flavors: flavors, apiServerILB: invocation.environment["EXP_APISERVER_ILB"] == "true",
            substitutions: substitutions)
        if world.faults.tiltCrash, loadError == nil {
            // The crash comes shortly after a client first sees the controller Ready (so the run
            // saw Tilt become ready), or much later if nobody ever looks.
            world.faults.tiltCrash = false
            session.crashAt = world.now + SimTimings.controllersReady + SimTimings.tiltUnobservedCrash
            session.crashAwaitsObserver = true
        }
        return session
    }

    private static func stream(_ invocation: ToolInvocation, printed: Int, world: inout World, banner: Bool) -> ToolResult {
        guard var session = world.tilt, session.pid == invocation.processID else {
            return ToolResult(stderr: "Tilt session replaced by another tilt up; exiting\n", exitCode: 1)
        }
        var header = ""
        if banner { header = "Tilt started on http://localhost:10350/\n\(version)\n\nInitial Build\n" }
        let crashedAt = session.crashAt.flatMap { world.now >= $0 ? $0 : nil }
        let crashed = crashedAt != nil
        let lines = session.log(upTo: crashedAt ?? world.now)
        let fresh = lines.dropFirst(min(printed, lines.count)).map(format).joined()
        if session.loadError == nil, let index = world.managedClusters.firstIndex(where: { $0.name == session.managementCluster }) {
            if let loaded = session.loadedAt, loaded <= world.now, world.managedClusters[index].capiInstalledAt == nil {
                world.managedClusters[index].capiInstalledAt = loaded
            }
            if let ready = session.controllersReadyAt, ready <= world.now,
                ready <= (crashedAt ?? ready),
                world.managedClusters[index].controllerRunningAt == nil
            {
                world.managedClusters[index].controllerRunningAt = ready
                world.managedClusters[index].apiServerILBGate = session.apiServerILB
            }
        }
        if crashed {
            session.ended = true
            world.tilt = session
            return ToolResult(
                stdout: header + fresh,
                stderr: "Error: Tilt's API server stopped unexpectedly: signal: segmentation fault (simulated fault tilt-crash)\n",
                exitCode: 1)
        }
        // Wake at the next milestone, so the management cluster learns of it when Tilt shows it.
        let milestones = [session.loadedAt, session.controllersReadyAt, session.crashAt].compactMap { $0 }
            .filter { $0 > world.now }
        let busy = !milestones.isEmpty || session.triggers.contains { !$0.done }
        let interval = milestones.map { $0.duration(since: world.now) + .milliseconds(1) }
            .reduce(busy ? SimTimings.tiltPoll : SimTimings.tiltIdlePoll, min)
        return ToolResult(stdout: header + fresh, next: .again(after: interval), carry: String(lines.count))
    }
}
