import Foundation

/// A `tilt up` process and what it has done: loaded the Tiltfile, deployed the CAPZ controller,
/// run tasks.
///
/// Resource statuses and logs are functions of the session and the time, so every `tilt get`,
/// `tilt wait` and `tilt logs` agrees with the `tilt up` process that streams the same log.
struct TiltSession: Codable, Sendable, Equatable {
    /// A run of a manual resource started by `tilt trigger`.
    struct Trigger: Codable, Sendable, Equatable {
        /// The resource.
        var resource: String
        /// When it was triggered.
        var startedAt: Date
        /// When it finishes.
        var finishAt: Date
        /// Whether its effect has been applied to the world (by `World.advance`).
        var done = false
        /// Its error, once done, if it failed.
        var error: String?
    }

    /// A line of the session's log.
    struct LogLine: Codable, Sendable, Equatable {
        /// When it was logged.
        var at: Date
        /// The resource it belongs to (`(Tiltfile)` for the Tiltfile's own output).
        var resource: String
        /// The text.
        var text: String
    }

    /// The `tilt up` process.
    var pid: Int32
    /// When it started (simulated time).
    var startedAt: Date
    /// The folder it runs in (the CAPZ checkout).
    var checkout: String
    /// The AKS cluster of the current context when it started.
    var managementCluster: String?
    /// Why the Tiltfile failed to load, if it did.
    var loadError: String?
    /// The flavors found in `templates/` (one resource each).
    var flavors: [String]
    /// Whether `EXP_APISERVER_ILB=true` was in its environment.
    var apiServerILB: Bool
    /// When it dies (`tilt-crash`), if it will.
    var crashAt: Date?
    /// Whether the crash still waits for a client to see Tilt ready (it then comes soon after).
    var crashAwaitsObserver = false
    /// Whether it has been seen dead (crashed, or its process is gone).
    var ended = false
    /// The values it read from tilt-settings.yaml and its environment (for the flavor tasks).
    var substitutions: [String: String] = [:]
    /// Task runs, in order.
    var triggers: [Trigger] = []
    /// Log lines written by task runs and by the world (beyond the fixed load sequence).
    var extraLogs: [LogLine] = []

    /// The built-in resource that stands for the Tiltfile.
    static let tiltfileResource = "(Tiltfile)"
    /// The CAPZ controller resource.
    static let controllerResource = "capz-controller-manager"
    /// The task that opens the NRMS ports.
    static let allowPortsResource = "allow required ports on mgmt cluster"
    /// The task that deletes every workload cluster.
    static let deleteAllResource = "delete-all-workload-clusters"

    /// When the Tiltfile has loaded; nil when it fails.
    var loadedAt: Date? { loadError == nil ? startedAt + SimTimings.tiltfileLoad : nil }

    /// When the CAPZ controller runs; nil when the Tiltfile fails.
    var controllersReadyAt: Date? { loadError == nil ? startedAt + SimTimings.controllersReady : nil }

    /// Whether the process is still serving at `now`, given whether its pid is alive.
    func isServing(at now: Date, processAlive: Bool) -> Bool {
        !ended && processAlive && (crashAt.map { now < $0 } ?? true)
    }

    /// Every resource the Tiltfile defines (only `(Tiltfile)` when it failed to load).
    var resourceNames: [String] {
        guard loadError == nil else { return [Self.tiltfileResource] }
        return [
            Self.tiltfileResource, "manager", Self.controllerResource, "azureserviceoperator-controller-manager",
            Self.allowPortsResource,
        ] + flavors + [Self.deleteAllResource]
    }

    /// The resources that run only when triggered.
    var manualResources: Set<String> {
        Set([Self.allowPortsResource, Self.deleteAllResource] + flavors)
    }
}
