import Foundation

/// The simulated `make` in the simulated CAPZ checkout: the targets the guide uses, each running
/// what the real recipe runs (a script, `tilt up`) as a child process with the Makefile's exports.
enum MakeTool {
    /// What a target does.
    private enum Recipe {
        /// Prints text.
        case text(String)
        /// Runs a command (shown as `echo`), with extra exported variables.
        case command(shown: String, argv: [String], exports: [String: String])
        /// Removes files in the checkout.
        case clean
    }

    /// Answers one round of a make call. Round 0 parses and starts the first target; each
    /// later round follows a child's exit and starts the next target.
    static func run(_ invocation: ToolInvocation, world: inout World) -> ToolResult {
        var directory = invocation.workingDirectory
        var variables: [String: String] = [:]
        var targets: [String] = []
        var arguments = invocation.arguments[...]
        while let argument = arguments.popFirst() {
            if argument == "-C" || argument == "--directory" {
                guard let value = arguments.popFirst() else { return usage("option requires an argument -- 'C'") }
                directory = resolve(value, from: directory)
            } else if argument.hasPrefix("--directory=") {
                directory = resolve(String(argument.dropFirst("--directory=".count)), from: directory)
            } else if argument.hasPrefix("-C") {
                directory = resolve(String(argument.dropFirst(2)), from: directory)
            } else if ["-s", "--silent", "--quiet", "-k", "--keep-going", "--no-print-directory", "-w", "-B"].contains(argument)
                || argument.hasPrefix("-j")
            {
                continue
            } else if argument.hasPrefix("-") {
                return usage("invalid option -- '\(argument.drop { $0 == "-" })'")
            } else if let equals = argument.firstIndex(of: "="), !argument[..<equals].isEmpty {
                variables[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
            } else {
                targets.append(argument)
            }
        }
        let makefile = directory + "/Makefile"
        guard let text = try? String(contentsOfFile: makefile, encoding: .utf8) else {
            if targets.isEmpty { return .failure("make: *** No targets specified and no makefile found.  Stop.\n", code: 2) }
            return .failure("make: *** No rule to make target '\(targets[0])'.  Stop.\n", code: 2)
        }
        if targets.isEmpty { targets = ["help"] }
        let changedDirectory = directory != invocation.workingDirectory
        let state = (invocation.carry ?? "").split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let index = invocation.round == 0 ? 0 : Int(state.first ?? "") ?? 0
        let suffix = invocation.round == 0
            ? (variables["APISERVER_LB_DNS_SUFFIX"] ?? world.random.suffix(10)) : (state.count > 1 ? state[1] : "")
        var output = invocation.round == 0 && changedDirectory ? "make: Entering directory '\(directory)'\n" : ""

        var next = index
        if invocation.round > 0, let code = invocation.childExitCode {
            if code != 0 {
                let line = recipeLine(targets[index], in: text)
                return .failure(
                    "make: *** [Makefile:\(line): \(targets[index])] Error \(code)\n"
                        + (changedDirectory ? "make: Leaving directory '\(directory)'\n" : ""), code: 2)
            }
            next += 1
        }
        while next < targets.count {
            let target = targets[next]
            guard let recipe = recipe(for: target, directory: directory, invocation: invocation, variables: variables, suffix: suffix) else {
                return ToolResult(stdout: output, stderr: "make: *** No rule to make target '\(target)'.  Stop.\n", exitCode: 2)
            }
            switch recipe {
            case .text(let text):
                output += text
                next += 1
            case .clean:
                clean(directory)
                output += "rm -rf bin kubeconfig minikube.kubeconfig *.kubeconfig (hack/tools/bin is kept: it holds the simulated tools)\n"
                next += 1
            case .command(let shown, let argv, let exports):
                var environment = invocation.environment
                for (key, value) in exports { environment[key] = value }
                for (key, value) in variables { environment[key] = value }
                environment["MAKELEVEL"] = String((Int(invocation.environment["MAKELEVEL"] ?? "") ?? 0) + 1)
                return ToolResult(
                    stdout: output + shown + "\n",
                    next: .spawn(ChildProcess(argv: argv, environment: environment, workingDirectory: directory)),
                    carry: "\(next)|\(suffix)")
            }
        }
        if changedDirectory { output += "make: Leaving directory '\(directory)'\n" }
        return .ok(output)
    }

    private static func usage(_ message: String) -> ToolResult {
        .failure("make: \(message)\nUsage: make [options] [target] ...\n", code: 2)
    }

    private static func resolve(_ path: String, from directory: String) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }

    /// The line of `target`'s recipe in the Makefile, for make's error message.
    private static func recipeLine(_ target: String, in makefile: String) -> Int {
        let lines = makefile.components(separatedBy: "\n")
        guard let rule = lines.firstIndex(where: { $0.hasPrefix(target + ":") }) else { return 1 }
        return rule + 2
    }

    private static func recipe(
        for target: String, directory: String, invocation: ToolInvocation, variables: [String: String], suffix: String
    ) -> Recipe? {
        let environment = invocation.environment.merging(variables) { $1 }
        var exports = [
            "APISERVER_LB_DNS_SUFFIX": suffix, "AZURE_IDENTITY_ID_FILEPATH": directory + "/azure_identity_id",
            "CALICO_VERSION": environment["CALICO_VERSION"] ?? "v3.29.4",
            "EXP_SKIP_MACHINE_POOL_MODEL_RECONCILIATION": "true",
        ]
        let ciGroup = environment["CI_RG"] ?? "capz-wi-\(suffix.prefix(5))"
        exports["CI_RG"] = ciGroup
        exports["USER_IDENTITY"] = environment["USER_IDENTITY"] ?? "\(ciGroup)\(suffix.suffix(5))"
        switch target {
        case "help":
            return .text(
                "\nUsage:\n  make <target>\n\nTargets (simulated CAPZ checkout):\n"
                    + "  aks-create       Create an AKS cluster as the management cluster\n"
                    + "  aks-delete       Delete the AKS management cluster and its settings\n"
                    + "  tilt-up          Start Tilt with the CAPZ feature flags\n"
                    + "  acr-login        Log in to REGISTRY when it is an Azure Container Registry\n"
                    + "  generate         Regenerate manifests and flavors\n"
                    + "  clean            Remove bin and kubeconfig files\n")
        case "aks-create":
            return .command(shown: "bash ./scripts/aks-as-mgmt.sh", argv: ["bash", "./scripts/aks-as-mgmt.sh"], exports: exports)
        case "aks-delete":
            return .command(shown: "bash ./scripts/aks-delete.sh", argv: ["bash", "./scripts/aks-delete.sh"], exports: exports)
        case "acr-login":
            return .command(
                shown: "bash ./hack/ensure-acr-login.sh", argv: ["bash", "./hack/ensure-acr-login.sh"], exports: exports)
        case "tilt-up":
            for flag in [
                "CLUSTER_TOPOLOGY", "EXP_ASO_API", "EXP_CLUSTER_RESOURCE_SET", "EXP_MACHINE_POOL",
                "EXP_KUBEADM_BOOTSTRAP_FORMAT_IGNITION", "EXP_EDGEZONE", "EXP_APISERVER_ILB",
            ] {
                exports[flag] = "true"
            }
            if (environment["AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY"] ?? "").isEmpty,
                let identity = try? String(contentsOfFile: directory + "/azure_identity_id", encoding: .utf8)
            {
                exports["AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY"] = identity.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return .command(
                shown: "CLUSTER_TOPOLOGY=true EXP_ASO_API=true EXP_CLUSTER_RESOURCE_SET=true EXP_MACHINE_POOL=true "
                    + "EXP_KUBEADM_BOOTSTRAP_FORMAT_IGNITION=true EXP_EDGEZONE=true EXP_APISERVER_ILB=true tilt up",
                argv: ["tilt", "up"], exports: exports)
        case "generate":
            return .text("The simulated checkout's manifests and flavors are already generated; nothing to do.\n")
        case "set-manifest-image":
            return .text("Updating kustomize image patch file for manager resource (simulated: no change)\n")
        case "clean":
            return .clean
        default:
            return nil
        }
    }

    /// Removes what `make clean` removes; like `rm -f`, a file that cannot be removed is skipped.
    private static func clean(_ directory: String) {
        let manager = FileManager.default
        let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
        for entry in entries where entry == "bin" || entry == "kubeconfig" || entry == "minikube.kubeconfig" || entry.hasSuffix(".kubeconfig") {
            try? manager.removeItem(atPath: directory + "/" + entry)
        }
    }
}
