import Foundation

/// The status of each Tilt resource at a given time (reference §4).
extension TiltSession {
    /// A resource's status as `tilt get uiresource` reports it.
    struct ResourceStatus: Equatable {
        /// `none`, `pending`, `in_progress`, `ok` or `error`.
        var updateStatus: String
        /// `none`, `pending`, `ok`, `error` or `not_applicable`.
        var runtimeStatus: String
        /// When the latest build started and finished, and its error.
        var buildStarted: Date?
        var buildFinished: Date?
        var buildError: String?
        /// Whether the Ready condition is True.
        var ready: Bool
        /// When the status last changed.
        var since: Date
    }

    /// The status of `resource` at `now`; nil when the Tiltfile defines no such resource.
    func status(of resource: String, at now: Date) -> ResourceStatus? {
        guard resourceNames.contains(resource) else { return nil }
        if manualResources.contains(resource) {
            guard let run = triggers.last(where: { $0.resource == resource }) else {
                return ResourceStatus(
                    updateStatus: "none", runtimeStatus: "not_applicable", ready: false, since: loadedAt ?? startedAt)
            }
            if now < run.finishAt {
                return ResourceStatus(
                    updateStatus: "in_progress", runtimeStatus: "not_applicable", buildStarted: run.startedAt,
                    ready: false, since: run.startedAt)
            }
            return ResourceStatus(
                updateStatus: run.error == nil ? "ok" : "error", runtimeStatus: "not_applicable",
                buildStarted: run.startedAt, buildFinished: run.finishAt, buildError: run.error, ready: run.error == nil,
                since: run.finishAt)
        }
        switch resource {
        case Self.tiltfileResource:
            if let loadError {
                let failedAt = startedAt + .seconds(5)
                guard now >= failedAt else {
                    return ResourceStatus(
                        updateStatus: "in_progress", runtimeStatus: "not_applicable", buildStarted: startedAt, ready: false,
                        since: startedAt)
                }
                return ResourceStatus(
                    updateStatus: "error", runtimeStatus: "not_applicable", buildStarted: startedAt,
                    buildFinished: failedAt, buildError: loadError, ready: false, since: failedAt)
            }
            return job(start: startedAt, finish: startedAt + SimTimings.tiltfileLoad, queued: startedAt, now: now)
        case "manager":
            return job(
                start: startedAt + SimTimings.tiltfileLoad, finish: startedAt + SimTimings.managerBuild, queued: startedAt,
                now: now)
        default:
            let start = resource == Self.controllerResource
                ? startedAt + SimTimings.managerBuild : startedAt + SimTimings.tiltfileLoad
            let ready = startedAt + SimTimings.controllersReady
            var status = job(start: start, finish: ready - .seconds(10), queued: startedAt, now: now)
            status.runtimeStatus = now >= ready ? "ok" : "pending"
            status.ready = now >= ready
            if now >= ready { status.since = ready }
            return status
        }
    }

    private func job(start: Date, finish: Date, queued: Date, now: Date) -> ResourceStatus {
        if now < start {
            return ResourceStatus(updateStatus: "pending", runtimeStatus: "not_applicable", ready: false, since: queued)
        }
        if now < finish {
            return ResourceStatus(
                updateStatus: "in_progress", runtimeStatus: "not_applicable", buildStarted: start, ready: false, since: start)
        }
        return ResourceStatus(
            updateStatus: "ok", runtimeStatus: "not_applicable", buildStarted: start, buildFinished: finish, ready: true,
            since: finish)
    }

    /// The session's log up to `now`: the Tiltfile's load sequence, builds, deploys and task runs.
    func log(upTo now: Date) -> [LogLine] {
        var lines: [LogLine] = [
            .init(at: startedAt, resource: Self.tiltfileResource, text: "Loading Tiltfile at: \(checkout)/Tiltfile"),
        ]
        if let loadError {
            lines.append(.init(at: startedAt + .seconds(5), resource: Self.tiltfileResource, text: "Error: \(loadError)"))
        } else {
            let load = startedAt + SimTimings.tiltfileLoad
            lines += [
                .init(at: startedAt + .seconds(1), resource: Self.tiltfileResource, text: "ARCHITECTURE OVERRIDE: amd64"),
                .init(at: startedAt + .seconds(10), resource: Self.tiltfileResource, text: "Installing cert-manager"),
                .init(at: startedAt + .seconds(40), resource: Self.tiltfileResource, text: "Installing Cluster API core v1.14.0 and CAAPH v0.6.2"),
                .init(at: load - .seconds(1), resource: Self.tiltfileResource, text: "=== Active Tilt Configuration Settings ==="),
                .init(at: load, resource: Self.tiltfileResource, text: "Successfully loaded Tiltfile (\(DurationText.format(SimTimings.tiltfileLoad)))"),
                .init(at: load, resource: "manager", text: "Running cmd: go build -o .tiltbuild/manager"),
                .init(at: startedAt + SimTimings.managerBuild, resource: "manager", text: "Build complete"),
                .init(at: startedAt + SimTimings.controllersReady, resource: Self.controllerResource, text: "Deployment capz-system/capz-controller-manager is ready"),
                .init(at: startedAt + SimTimings.controllersReady, resource: "azureserviceoperator-controller-manager", text: "Deployment capz-system/azureserviceoperator-controller-manager is ready"),
            ]
        }
        for run in triggers {
            lines.append(.init(at: run.startedAt, resource: run.resource, text: "Running cmd: (triggered)"))
        }
        lines += extraLogs
        return lines.filter { $0.at <= now }.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
    }
}
