import Foundation

/// The tools the simulator answers as, by the name it is invoked as.
public enum SimulatedTool: String, CaseIterable, Sendable {
    /// The Azure CLI.
    case az
    /// GNU make in the simulated checkout.
    case make
    /// Tilt: `up` and its clients.
    case tilt
    /// kubectl against the management and workload clusters.
    case kubectl
    /// helm against the management and workload clusters.
    case helm
    /// clusterctl's `get kubeconfig` and `describe cluster`.
    case clusterctl
    /// drone/envsubst, as in CAPZ's `hack/tools/bin`.
    case envsubst
    /// go (answers its version only).
    case go
    /// wget (answers its version only).
    case wget
    /// mikefarah/yq v4 (the expressions CAPZ scripts use).
    case yq
    /// kustomize (answers its version only).
    case kustomize

    /// Whether the call reads its standard input: `envsubst`, `yq` without a file, and
    /// `kubectl apply -f -`.
    static func readsStandardInput(_ invocation: ToolInvocation) -> Bool {
        let arguments = invocation.arguments
        switch invocation.tool {
        case "envsubst":
            return !arguments.contains("--help") && !arguments.contains("-h")
        case "yq":
            return YqTool.readsStandardInput(arguments)
        case "kubectl":
            return zip(arguments, arguments.dropFirst()).contains { ($0 == "-f" || $0 == "--filename") && $1 == "-" }
                || arguments.contains("--filename=-") || arguments.contains("-f-")
        default:
            return false
        }
    }

    /// Answers one round of `invocation` against `world` at simulated time `now`, after moving
    /// the world to `now`. Pure except for the files a tool reads or writes (kubeconfigs,
    /// manifests, `tilt-settings.yaml`) at paths it was given.
    static func run(_ invocation: ToolInvocation, world: inout World, now: Date) -> ToolResult {
        world.advance(to: now)
        guard let tool = SimulatedTool(rawValue: invocation.tool) else {
            return .failure(
                "capzflow-sim: '\(invocation.tool)' is not a simulated tool; it answers as "
                    + allCases.map(\.rawValue).joined(separator: ", ") + "\n", code: 127)
        }
        switch tool {
        case .az: return AzTool.run(invocation, world: &world)
        case .envsubst: return EnvsubstTool.run(invocation)
        case .go, .wget, .kustomize: return VersionTool.run(invocation)
        case .kubectl: return KubectlTool.run(invocation, world: &world)
        case .tilt: return TiltTool.run(invocation, world: &world)
        case .helm: return HelmTool.run(invocation, world: &world)
        case .clusterctl: return ClusterctlTool.run(invocation, world: world)
        case .yq: return YqTool.run(invocation)
        case .make: return MakeTool.run(invocation, world: &world)
        }
    }
}
