import Foundation

/// The objects Tilt's API serves (`tilt get … -o json`): the `Session` and the `UIResource`s.
struct TiltJSON {
    /// The session.
    let session: TiltSession
    /// The simulated time.
    let now: Date

    private static func microTime(_ date: Date) -> JSONValue {
        .string(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    private func metadata(_ name: String) -> JSONValue {
        [
            "creationTimestamp": .string(KubeView.time(session.startedAt)), "name": .string(name),
            "resourceVersion": .string(String(Int(now.timeIntervalSince(session.startedAt)) + 1)),
            "uid": .string("uiresource-\(name)"),
        ]
    }

    /// `tilt get uiresource NAME -o json`; nil for an unknown resource.
    func resource(_ name: String) -> JSONValue? {
        guard let status = session.status(of: name, at: now) else { return nil }
        var build = JSONObject()
        if let started = status.buildStarted { build["startTime"] = Self.microTime(started) }
        if let finished = status.buildFinished { build["finishTime"] = Self.microTime(finished) }
        if let error = status.buildError { build["error"] = .string(error) }
        let upToDate = status.updateStatus == "ok" || status.updateStatus == "none"
        func condition(_ type: String, _ met: Bool, reason: String) -> JSONValue {
            var object = JSONObject([
                ("lastTransitionTime", Self.microTime(status.since)), ("status", .string(met ? "True" : "False")),
                ("type", .string(type)),
            ])
            if !met { object["reason"] = .string(reason) }
            return .object(object)
        }
        let labels: JSONValue = session.flavors.contains(name) || name == TiltSession.deleteAllResource
            ? ["flavors": "flavors"] : name == TiltSession.allowPortsResource || name.hasSuffix("controller-manager")
                ? ["cluster-api": "cluster-api"] : [:]
        var resourceStatus = JSONObject([
            ("buildHistory", build.isEmpty ? [] : [.object(build)]),
            ("conditions", [
                condition("UpToDate", upToDate, reason: status.updateStatus == "error" ? "UpdateError" : "UpdatePending"),
                condition("Ready", status.ready, reason: status.updateStatus == "none" ? "Unknown" : status.updateStatus == "error" ? "UpdateError" : "UpdatePending"),
            ]),
            ("hasPendingChanges", false), ("order", .int((session.resourceNames.firstIndex(of: name) ?? 0) + 1)),
            ("queued", false), ("runtimeStatus", .string(status.runtimeStatus)),
            ("triggerMode", .int(session.manualResources.contains(name) ? 3 : 0)),
            ("updateStatus", .string(status.updateStatus)),
        ])
        if let finished = status.buildFinished { resourceStatus["lastDeployTime"] = Self.microTime(finished) }
        if let labelsObject = labels.objectValue, !labelsObject.isEmpty {
            resourceStatus["specs"] = [["id": .string("local:\(name)"), "type": "local"]]
        }
        var meta = metadata(name).objectValue ?? JSONObject()
        if let labelsObject = labels.objectValue, !labelsObject.isEmpty { meta["labels"] = labels }
        return ["apiVersion": "tilt.dev/v1alpha1", "kind": "UIResource", "metadata": .object(meta), "spec": [:], "status": .object(resourceStatus)]
    }

    /// `tilt get session Tiltfile -o json`.
    func sessionObject() -> JSONValue {
        let targets: [JSONValue] = session.resourceNames.compactMap { name in
            guard let status = session.status(of: name, at: now) else { return nil }
            let server = status.runtimeStatus != "not_applicable"
            var state = JSONObject()
            switch status.updateStatus {
            case "ok" where server:
                state["active"] = ["ready": .bool(status.ready), "startTime": Self.microTime(status.buildFinished ?? status.since)]
            case "ok", "error":
                var terminated = JSONObject([
                    ("finishTime", Self.microTime(status.buildFinished ?? status.since)),
                    ("startTime", Self.microTime(status.buildStarted ?? status.since)),
                ])
                if let error = status.buildError { terminated["error"] = .string(error) }
                state["terminated"] = .object(terminated)
            case "in_progress":
                state["active"] = ["ready": false, "startTime": Self.microTime(status.buildStarted ?? status.since)]
            default:
                state["waiting"] = ["waitReason": .string(status.updateStatus == "none" ? "manual-trigger" : "waiting-for-dependencies")]
            }
            return [
                "name": .string("\(name):\(server ? "runtime" : "update")"), "resources": [.string(name)],
                "state": .object(state), "type": .string(server ? "server" : "job"),
            ]
        }
        return [
            "apiVersion": "tilt.dev/v1alpha1", "kind": "Session", "metadata": metadata("Tiltfile"),
            "spec": ["exitCondition": "manual", "tiltfilePath": .string("\(session.checkout)/Tiltfile")],
            "status": [
                "done": false, "pid": .int(Int(session.pid)), "startTime": Self.microTime(session.startedAt),
                "targets": .array(targets),
            ],
        ]
    }
}
