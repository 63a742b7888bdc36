/// `az group …`.
extension AzTool {
    static func groupExists(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        .result(.bool(world.groupIndex(request.name) != nil))
    }

    static func groupCreate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let location = request.arguments.value("--location") ?? ""
        if let index = world.groupIndex(request.name) {
            guard World.same(world.resourceGroups[index].location, location) else {
                return .failure(
                    .arm(
                        code: "InvalidResourceGroupLocation",
                        message: "Invalid resource group location '\(location)'. The Resource group already exists in "
                            + "location '\(world.resourceGroups[index].location)'."))
            }
            if request.arguments.has("--tags") { world.resourceGroups[index].tags = request.arguments.tags() }
            return .result(AzureJSON(world: world).group(world.resourceGroups[index]))
        }
        let group = ResourceGroup(
            name: request.name, location: location, tags: request.arguments.tags(),
            managedBy: request.arguments.value("--managed-by"), createdAt: world.now)
        world.resourceGroups.append(group)
        return .delayed(AzureJSON(world: world).group(group), SimTimings.azWrite)
    }

    static func groupShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        guard let index = world.groupIndex(request.name) else { return .failure(.groupNotFound(request.name)) }
        return .result(AzureJSON(world: world).group(world.resourceGroups[index]))
    }

    static func groupList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let wanted = AzArguments.tagsFilter(request.arguments.list("--tag"))
        let groups = world.resourceGroups.filter { group in
            wanted.allSatisfy { key, value in group.tags[key].map { value.isEmpty || $0 == value } ?? false }
        }
        let json = AzureJSON(world: world)
        return .result(.array(groups.map(json.group)))
    }

    static func groupDelete(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        guard request.arguments.has("--yes") else { return .failure(.confirmationNeeded) }
        guard world.groupIndex(request.name) != nil else { return .failure(.groupNotFound(request.name)) }
        world.deleteGroup(request.name)
        return request.arguments.flag("--no-wait") ? .result(nil) : .delayed(nil, .seconds(300))
    }

    static func groupWait(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        wait(request, world: world, target: world.groupIndex(request.name) == nil ? .absent : .present("Succeeded"))
    }
}

extension AzArguments {
    /// `--tag k=v` filters as a dictionary (an empty value matches any).
    static func tagsFilter(_ entries: [String]?) -> [String: String] {
        var filter: [String: String] = [:]
        for entry in entries ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            filter[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return filter
    }
}
