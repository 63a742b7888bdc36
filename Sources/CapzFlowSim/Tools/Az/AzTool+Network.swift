/// `az network vnet …` and `az network vnet peering …`.
extension AzTool {
    static func vnetCreate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        guard let group = world.groupIndex(request.group) else { return .failure(.groupNotFound(request.group)) }
        let arguments = request.arguments
        let prefixes = arguments.list("--address-prefixes") ?? ["10.0.0.0/16"]
        var subnets: [VirtualNetwork.Subnet] = []
        if let subnet = arguments.value("--subnet-name") {
            subnets.append(
                .init(
                    name: subnet, addressPrefix: arguments.list("--subnet-prefixes")?.first ?? "10.0.0.0/24",
                    securityGroup: arguments.value("--network-security-group")))
        }
        let vnet: VirtualNetwork
        if let index = world.vnetIndex(group: request.group, name: request.name) {
            world.virtualNetworks[index].addressPrefixes = prefixes
            for subnet in subnets where !world.virtualNetworks[index].subnets.contains(where: { $0.name == subnet.name }) {
                world.virtualNetworks[index].subnets.append(subnet)
            }
            if arguments.has("--tags") { world.virtualNetworks[index].tags = arguments.tags() }
            vnet = world.virtualNetworks[index]
        } else {
            vnet = VirtualNetwork(
                name: request.name, resourceGroup: world.resourceGroups[group].name,
                location: arguments.value("--location") ?? world.resourceGroups[group].location,
                addressPrefixes: prefixes, subnets: subnets, tags: arguments.tags(), guid: world.random.guid(),
                createdAt: world.now)
            world.virtualNetworks.append(vnet)
        }
        return .delayed(["newVNet": AzureJSON(world: world).vnet(vnet)], SimTimings.azWrite)
    }

    /// The VNet `name` in `group`, or the error az gives when it or its group is missing.
    private static func vnet(_ group: String, _ name: String, in world: World) -> Result<Int, AzFailure> {
        guard world.groupIndex(group) != nil else { return .failure(.groupNotFound(group)) }
        guard let index = world.vnetIndex(group: group, name: name) else {
            return .failure(.notFound("Microsoft.Network/virtualNetworks/\(name)", group: group))
        }
        return .success(index)
    }

    static func vnetShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch vnet(request.group, request.name, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index): return .result(AzureJSON(world: world).vnet(world.virtualNetworks[index]))
        }
    }

    static func vnetList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let group = request.arguments.value("--resource-group")
        if let group, world.groupIndex(group) == nil { return .failure(.groupNotFound(group)) }
        let json = AzureJSON(world: world)
        return .result(.array(world.virtualNetworks.filter { resource in group.map { World.same(resource.resourceGroup, $0) } ?? true }.map(json.vnet)))
    }

    static func vnetWait(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let exists = world.vnetIndex(group: request.group, name: request.name) != nil
        return wait(request, world: world, target: exists ? .present("Succeeded") : .absent)
    }

    static func vnetDelete(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        guard world.groupIndex(request.group) != nil else { return .failure(.groupNotFound(request.group)) }
        world.virtualNetworks.removeAll { World.same($0.resourceGroup, request.group) && World.same($0.name, request.name) }
        return .result(nil)
    }

    static func peeringCreate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let vnetName = request.arguments.value("--vnet-name") ?? ""
        let index: Int
        switch vnet(request.group, vnetName, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let found): index = found
        }
        let local = world.virtualNetworks[index]
        let peeringID = local.id(subscription: world.account.subscriptionID).text + "/virtualNetworkPeerings/\(request.name)"
        let remoteReference = request.arguments.value("--remote-vnet") ?? ""
        guard let remoteIndex = world.vnetIndex(reference: remoteReference, defaultGroup: request.group) else {
            return .failure(
                .arm(
                    code: "InvalidResourceReference",
                    message: "Resource \(remoteReference) referenced by resource \(peeringID) was not found. Please make "
                        + "sure that the referenced resource exists, and that both resources are in the same region."))
        }
        let remote = world.virtualNetworks[remoteIndex]
        if let overlap = CIDR.firstOverlap(local.addressPrefixes, remote.addressPrefixes) {
            return .failure(
                .arm(
                    code: "VnetAddressSpacesOverlap",
                    message: "Cannot create or update peering \(peeringID). Virtual networks "
                        + "\(local.id(subscription: world.account.subscriptionID).text) and "
                        + "\(remote.id(subscription: world.account.subscriptionID).text) cannot be peered because their "
                        + "address spaces overlap. Overlapping address prefixes: \(overlap)"))
        }
        let remoteID = remote.id(subscription: world.account.subscriptionID).text
        let allowAccess = request.arguments.has("--allow-vnet-access") ? request.arguments.flag("--allow-vnet-access") : true
        let allowForwarded = request.arguments.flag("--allow-forwarded-traffic")
        let position: Int
        if let existing = local.peerings.firstIndex(where: { $0.name == request.name }) {
            position = existing
            guard ResourceID(local.peerings[existing].remoteVirtualNetworkID) == ResourceID(remoteID) else {
                return .failure(
                    .arm(
                        code: "CannotChangeRemoteVirtualNetworkOfPeering",
                        message: "Peering \(peeringID) already points at another remote virtual network and cannot be changed."))
            }
            world.virtualNetworks[index].peerings[existing].allowVirtualNetworkAccess = allowAccess
            world.virtualNetworks[index].peerings[existing].allowForwardedTraffic = allowForwarded
        } else {
            position = world.virtualNetworks[index].peerings.count
            world.virtualNetworks[index].peerings.append(
                .init(
                    name: request.name, remoteVirtualNetworkID: remoteID, allowVirtualNetworkAccess: allowAccess,
                    allowForwardedTraffic: allowForwarded, createdAt: world.now))
        }
        let vnet = world.virtualNetworks[index]
        let json = AzureJSON(world: world).peering(vnet.peerings[position], of: vnet)
        return request.arguments.flag("--no-wait") ? .result(nil) : .delayed(json, SimTimings.azWrite)
    }

    private static func peering(_ request: AzRequest, in world: World) -> Result<(Int, Int), AzFailure> {
        let vnetName = request.parent("--vnet-name", type: "virtualNetworks")
        switch vnet(request.group, vnetName, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            guard let position = world.virtualNetworks[index].peerings.firstIndex(where: { $0.name == request.name }) else {
                return .failure(
                    .notFound("Microsoft.Network/virtualNetworks/\(vnetName)/virtualNetworkPeerings/\(request.name)", group: request.group))
            }
            return .success((index, position))
        }
    }

    static func peeringShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch peering(request, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let (index, position)):
            let vnet = world.virtualNetworks[index]
            return .result(AzureJSON(world: world).peering(vnet.peerings[position], of: vnet))
        }
    }

    static func peeringList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch vnet(request.group, request.arguments.value("--vnet-name") ?? "", in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            let vnet = world.virtualNetworks[index]
            let json = AzureJSON(world: world)
            return .result(.array(vnet.peerings.map { json.peering($0, of: vnet) }))
        }
    }

    static func peeringWait(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        if case .success = peering(request, in: world) {
            return wait(request, world: world, target: .present("Succeeded"))
        }
        return wait(request, world: world, target: .absent)
    }

    static func peeringDelete(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch vnet(request.group, request.parent("--vnet-name", type: "virtualNetworks"), in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            world.virtualNetworks[index].peerings.removeAll { $0.name == request.name }
            return .result(nil)
        }
    }
}
