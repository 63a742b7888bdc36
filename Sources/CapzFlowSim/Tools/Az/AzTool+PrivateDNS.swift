/// `az network private-dns …`: zones, VNet links and A records.
extension AzTool {
    private static func zone(_ group: String, _ name: String, in world: World) -> Result<Int, AzFailure> {
        guard world.groupIndex(group) != nil else { return .failure(.groupNotFound(group)) }
        guard let index = world.zoneIndex(group: group, name: name) else {
            return .failure(.notFound("Microsoft.Network/privateDnsZones/\(name)", group: group))
        }
        return .success(index)
    }

    /// Creates a zone; one that exists fails (`PreconditionFailed`), as upstream (CAPZ #5449).
    static func zoneCreate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        guard world.groupIndex(request.group) != nil else { return .failure(.groupNotFound(request.group)) }
        if world.zoneIndex(group: request.group, name: request.name) != nil {
            return .failure(
                .arm(
                    code: "PreconditionFailed",
                    message: "The Zone \(request.name) exists already and hence cannot be created again."))
        }
        let zone = PrivateDNSZone(
            name: request.name, resourceGroup: request.group, tags: request.arguments.tags(), createdAt: world.now)
        world.privateZones.append(zone)
        return request.arguments.flag("--no-wait") ? .result(nil) : .delayed(AzureJSON(world: world).zone(zone), SimTimings.azWrite)
    }

    static func zoneShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch zone(request.group, request.name, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index): return .result(AzureJSON(world: world).zone(world.privateZones[index]))
        }
    }

    static func zoneList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let group = request.arguments.value("--resource-group")
        if let group, world.groupIndex(group) == nil { return .failure(.groupNotFound(group)) }
        let json = AzureJSON(world: world)
        return .result(.array(world.privateZones.filter { resource in group.map { World.same(resource.resourceGroup, $0) } ?? true }.map(json.zone)))
    }

    static func zoneWait(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let exists = world.zoneIndex(group: request.group, name: request.name) != nil
        return wait(request, world: world, target: exists ? .present("Succeeded") : .absent)
    }

    static func zoneDelete(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        guard request.arguments.has("--yes") else { return .failure(.confirmationNeeded) }
        switch zone(request.group, request.name, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            guard world.privateZones[index].links.isEmpty else {
                return .failure(
                    .arm(
                        code: "BadRequest",
                        message: "You cannot delete a Private DNS zone that has virtual network links. Delete the links first."))
            }
            world.privateZones.remove(at: index)
            return .result(nil)
        }
    }

    /// Creates a VNet link; the same name and VNet again is an update (exit 0).
    static func linkCreate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let zoneName = request.arguments.value("--zone-name") ?? ""
        let index: Int
        switch zone(request.group, zoneName, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let found): index = found
        }
        let reference = request.arguments.value("--virtual-network") ?? ""
        guard let vnet = world.vnetIndex(reference: reference, defaultGroup: request.group) else {
            return .failure(
                .arm(code: "BadRequest", message: "Virtual network resource not found for '\(reference)'."))
        }
        let vnetID = world.virtualNetworks[vnet].id(subscription: world.account.subscriptionID).text
        let registration = request.arguments.flag("--registration-enabled")
        var zone = world.privateZones[index]
        let position: Int
        if let existing = zone.links.firstIndex(where: { $0.name == request.name }) {
            position = existing
            guard ResourceID(zone.links[existing].virtualNetworkID) == ResourceID(vnetID) else {
                return .failure(
                    .arm(
                        code: "BadRequest",
                        message: "The virtual network of link '\(request.name)' cannot be changed; delete the link first."))
            }
            zone.links[existing].registrationEnabled = registration
        } else {
            if let other = zone.links.first(where: { ResourceID($0.virtualNetworkID) == ResourceID(vnetID) }) {
                return .failure(
                    .arm(
                        code: "Conflict",
                        message: "A virtual network cannot be linked to the same zone twice: '\(zoneName)' already "
                            + "has link '\(other.name)' to \(vnetID)."))
            }
            position = zone.links.count
            zone.links.append(
                .init(name: request.name, virtualNetworkID: vnetID, registrationEnabled: registration, createdAt: world.now))
        }
        world.privateZones[index] = zone
        let link = zone.links[position]
        return request.arguments.flag("--no-wait")
            ? .result(nil) : .delayed(AzureJSON(world: world).link(link, of: zone), SimTimings.azWrite)
    }

    private static func link(_ request: AzRequest, in world: World) -> Result<(Int, Int), AzFailure> {
        let zoneName = request.parent("--zone-name", type: "privateDnsZones")
        switch zone(request.group, zoneName, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            guard let position = world.privateZones[index].links.firstIndex(where: { $0.name == request.name }) else {
                return .failure(
                    .notFound("Microsoft.Network/privateDnsZones/\(zoneName)/virtualNetworkLinks/\(request.name)", group: request.group))
            }
            return .success((index, position))
        }
    }

    static func linkShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch link(request, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let (index, position)):
            let zone = world.privateZones[index]
            return .result(AzureJSON(world: world).link(zone.links[position], of: zone))
        }
    }

    static func linkList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch zone(request.group, request.arguments.value("--zone-name") ?? "", in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            let zone = world.privateZones[index]
            let json = AzureJSON(world: world)
            return .result(.array(zone.links.map { json.link($0, of: zone) }))
        }
    }

    static func linkWait(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        if case .success = link(request, in: world) {
            return wait(request, world: world, target: .present("Succeeded"))
        }
        return wait(request, world: world, target: .absent)
    }

    /// Adds an address to an A record set, creating the set when needed.
    static func recordAdd(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let zoneName = request.arguments.value("--zone-name") ?? ""
        let name = request.arguments.value("--record-set-name") ?? ""
        let address = request.arguments.value("--ipv4-address") ?? ""
        guard CIDR.address(address) != nil else {
            return .failure(.arm(code: "BadRequest", message: "The IPv4 address '\(address)' is not valid."))
        }
        let index: Int
        switch zone(request.group, zoneName, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let found): index = found
        }
        let position: Int
        if let existing = world.privateZones[index].recordSets.firstIndex(where: { $0.name == name }) {
            position = existing
            if !world.privateZones[index].recordSets[position].addresses.contains(address) {
                world.privateZones[index].recordSets[position].addresses.append(address)
                world.privateZones[index].recordSets[position].modifiedAt = world.now
            }
        } else {
            position = world.privateZones[index].recordSets.count
            let ttl = request.arguments.value("--ttl").flatMap { Int($0) } ?? 3600
            world.privateZones[index].recordSets.append(.init(name: name, addresses: [address], ttl: ttl, modifiedAt: world.now))
        }
        let zone = world.privateZones[index]
        return .delayed(AzureJSON(world: world).recordSet(zone.recordSets[position], of: zone), SimTimings.azWrite)
    }

    static func recordShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let zoneName = request.parent("--zone-name", type: "privateDnsZones")
        switch zone(request.group, zoneName, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            let zone = world.privateZones[index]
            guard let record = zone.recordSets.first(where: { $0.name == request.name }) else {
                return .failure(.notFound("Microsoft.Network/privateDnsZones/\(zoneName)/A/\(request.name)", group: request.group))
            }
            return .result(AzureJSON(world: world).recordSet(record, of: zone))
        }
    }

    static func recordList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch zone(request.group, request.arguments.value("--zone-name") ?? "", in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            let zone = world.privateZones[index]
            let json = AzureJSON(world: world)
            return .result(.array(zone.recordSets.map { json.recordSet($0, of: zone) }))
        }
    }
}
