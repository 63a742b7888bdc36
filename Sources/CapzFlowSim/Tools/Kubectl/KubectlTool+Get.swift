import Foundation

/// `kubectl get`.
extension KubectlTool {
    /// The kind and names a resource argument list names: `TYPE [NAME…]` or `TYPE/NAME`.
    static func resourceArguments(_ words: [String]) -> Result<(KubeKind, [String]), KubeFailure> {
        guard let first = words.first else {
            return .failure(
                KubeFailure("error: you must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources."))
        }
        let parts = first.split(separator: "/", maxSplits: 1).map(String.init)
        guard let kind = KubeKind.named(parts[0]) else {
            return .failure(KubeFailure("error: the server doesn't have a resource type \"\(parts[0])\""))
        }
        let names = parts.count > 1 ? [parts[1]] + words.dropFirst() : Array(words.dropFirst())
        return .success((kind, names))
    }

    /// Whether `object`'s labels match `selector` (`a=b,c,!d,e!=f`).
    static func matches(_ object: JSONValue, selector: String?) -> Bool {
        guard let selector, !selector.isEmpty else { return true }
        let labels = object["metadata"]["labels"].objectValue ?? JSONObject()
        return selector.split(separator: ",").allSatisfy { term in
            let term = term.trimmingCharacters(in: .whitespaces)
            if term.hasPrefix("!") { return labels[String(term.dropFirst())] == nil }
            if let range = term.range(of: "!=") {
                return labels[String(term[..<range.lowerBound])]?.stringValue != String(term[range.upperBound...])
            }
            if let range = term.range(of: "==") ?? term.range(of: "=") {
                return labels[String(term[..<range.lowerBound])]?.stringValue == String(term[range.upperBound...])
            }
            return labels[term] != nil
        }
    }

    /// The objects a `get`, `wait` or `delete` addresses, or kubectl's NotFound error.
    static func select(
        _ kind: KubeKind, names: [String], flags: CommandFlags, target: KubeTarget, world: World, ignoreMissing: Bool
    ) -> Result<[JSONValue], KubeFailure> {
        let clusterScoped = kind.kind == "Node"
        let namespace = clusterScoped || flags.isOn("--all-namespaces") ? nil : (flags.value("--namespace") ?? "default")
        let all = KubeView(world: world).objects(kind, namespace: namespace, in: target)
            .filter { matches($0, selector: flags.value("--selector")) }
        guard !names.isEmpty else { return .success(all) }
        var found: [JSONValue] = []
        for name in names {
            if let object = all.first(where: { $0["metadata"]["name"].stringValue == name }) {
                found.append(object)
            } else if !ignoreMissing {
                return .failure(KubeFailure("Error from server (NotFound): \(kind.qualifiedPlural) \"\(name)\" not found"))
            }
        }
        return .success(found)
    }

    static func get(_ words: [String], flags: CommandFlags, _ invocation: ToolInvocation, world: World) -> ToolResult {
        let kind: KubeKind
        let names: [String]
        switch resourceArguments(words) {
        case .failure(let failure): return .failure(failure.message + "\n")
        case .success(let parsed): (kind, names) = parsed
        }
        return withTarget(flags, invocation, world) { target in
            let objects: [JSONValue]
            switch select(kind, names: names, flags: flags, target: target, world: world, ignoreMissing: flags.isOn("--ignore-not-found")) {
            case .failure(let failure): return .failure(failure.message + "\n")
            case .success(let selected): objects = selected
            }
            let single = names.count == 1 && objects.count == 1
            let list: JSONValue = [
                "apiVersion": "v1", "items": .array(objects), "kind": "List", "metadata": ["resourceVersion": ""],
            ]
            let document = single ? objects[0] : list
            let output = flags.value("--output") ?? ""
            switch output {
            case "", "wide":
                if objects.isEmpty {
                    if !names.isEmpty { return .ok() }
                    let scope = kind.kind == "Node" || flags.isOn("--all-namespaces")
                        ? "" : " in \(flags.value("--namespace") ?? "default") namespace"
                    return ToolResult(stderr: "No resources found\(scope).\n")
                }
                return .ok(KubeTable.render(objects, kind: kind, now: world.now, headers: !flags.isOn("--no-headers")))
            case "json":
                return .ok(JSONText.render(document, style: .go) + "\n")
            case "yaml":
                return .ok(YAMLText.render(document))
            case "name":
                return .ok(objects.map { "\(kind.qualifiedSingular)/\($0["metadata"]["name"].stringValue ?? "")\n" }.joined())
            default:
                guard output.hasPrefix("jsonpath=") || output.hasPrefix("jsonpath-as-json=") else {
                    return .failure(
                        "error: unable to match a printer suitable for the output format \"\(output)\", allowed formats are: "
                            + "json,jsonpath,jsonpath-as-json,jsonpath-file,name,yaml\n")
                }
                var template = String(output.drop { $0 != "=" }.dropFirst())
                if template.count >= 2, let first = template.first, first == template.last, first == "'" || first == "\"" {
                    template = String(template.dropFirst().dropLast())
                }
                do throws(KubeJSONPath.Failure) {
                    return .ok(try KubeJSONPath(template).render(document))
                } catch {
                    return .failure("error: error parsing jsonpath \(template), \(error.message)\n")
                }
            }
        }
    }
}
