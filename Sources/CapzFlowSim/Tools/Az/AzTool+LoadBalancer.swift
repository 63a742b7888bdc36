/// `az network lb …` and `az vm list`.
extension AzTool {
    private static func loadBalancer(_ group: String, _ name: String, in world: World) -> Result<LoadBalancer, AzFailure> {
        guard world.groupIndex(group) != nil else { return .failure(.groupNotFound(group)) }
        guard let index = world.loadBalancerIndex(group: group, name: name) else {
            return .failure(.notFound("Microsoft.Network/loadBalancers/\(name)", group: group))
        }
        return .success(world.loadBalancers[index])
    }

    static func lbList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let group = request.arguments.value("--resource-group")
        if let group, world.groupIndex(group) == nil { return .failure(.groupNotFound(group)) }
        let json = AzureJSON(world: world)
        let balancers = world.loadBalancers.filter { resource in group.map { World.same(resource.resourceGroup, $0) } ?? true }
        return .result(.array(balancers.map(json.loadBalancer)))
    }

    static func lbShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch loadBalancer(request.group, request.name, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let balancer): return .result(AzureJSON(world: world).loadBalancer(balancer))
        }
    }

    static func lbFrontendList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch loadBalancer(request.group, request.arguments.value("--lb-name") ?? "", in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let balancer): return .result(.array(AzureJSON(world: world).frontends(balancer)))
        }
    }

    static func lbPoolList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch loadBalancer(request.group, request.arguments.value("--lb-name") ?? "", in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let balancer): return .result([AzureJSON(world: world).backendPool(balancer)])
        }
    }

    static func vmList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let json = AzureJSON(world: world)
        guard let group = request.arguments.value("--resource-group") else {
            return .result(.array(world.resourceGroups.flatMap { json.virtualMachines(in: $0.name) }))
        }
        guard world.groupIndex(group) != nil else { return .failure(.groupNotFound(group)) }
        return .result(.array(json.virtualMachines(in: group)))
    }
}
