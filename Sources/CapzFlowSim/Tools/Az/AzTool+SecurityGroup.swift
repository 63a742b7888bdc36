/// `az network nsg …` and `az network nsg rule …`.
extension AzTool {
    static func nsgList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let group = request.arguments.value("--resource-group")
        if let group, world.groupIndex(group) == nil { return .failure(.groupNotFound(group)) }
        let json = AzureJSON(world: world)
        let groups = group.map { world.securityGroups(in: $0) } ?? world.securityGroups
        return .result(.array(groups.map(json.securityGroup)))
    }

    private static func securityGroup(_ group: String, _ name: String, in world: World) -> Result<Int, AzFailure> {
        guard world.groupIndex(group) != nil else { return .failure(.groupNotFound(group)) }
        guard let index = world.securityGroupIndex(group: group, name: name) else {
            return .failure(.notFound("Microsoft.Network/networkSecurityGroups/\(name)", group: group))
        }
        return .success(index)
    }

    static func nsgShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch securityGroup(request.group, request.name, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index): return .result(AzureJSON(world: world).securityGroup(world.securityGroups[index]))
        }
    }

    static func ruleList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch securityGroup(request.group, request.arguments.value("--nsg-name") ?? "", in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            let nsg = world.securityGroups[index]
            let json = AzureJSON(world: world)
            var rules = nsg.rules
            if request.arguments.has("--include-default") { rules += AzureJSON.defaultRules }
            return .result(.array(rules.map { json.rule($0, in: nsg) }))
        }
    }

    private static func rule(_ request: AzRequest, in world: World) -> Result<(Int, Int), AzFailure> {
        let nsgName = request.parent("--nsg-name", type: "networkSecurityGroups")
        switch securityGroup(request.group, nsgName, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            guard let position = world.securityGroups[index].rules.firstIndex(where: { $0.name == request.name }) else {
                return .failure(
                    .notFound("Microsoft.Network/networkSecurityGroups/\(nsgName)/securityRules/\(request.name)", group: request.group))
            }
            return .success((index, position))
        }
    }

    static func ruleShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch rule(request, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let (index, position)):
            let nsg = world.securityGroups[index]
            return .result(AzureJSON(world: world).rule(nsg.rules[position], in: nsg))
        }
    }

    /// Updates a rule as the CLI does (reference §2.4): the priority stays, one-element lists
    /// collapse to the singular field; a `rule-revert` fault schedules the policy's revert.
    static func ruleUpdate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let arguments = request.arguments
        var update = SecurityRuleUpdate()
        update.access = arguments.value("--access").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
        update.direction = arguments.value("--direction").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
        update.protocol = arguments.value("--protocol")
        update.description = arguments.value("--description")
        if let text = arguments.value("--priority") {
            guard let priority = Int(text), (100...4096).contains(priority) else {
                return .failure(.plain("InvalidArgumentValue: --priority: Invalid value: '\(text)'. Allowed range: 100 to 4096."))
            }
            update.priority = priority
        }
        update.sourceAddressPrefixes = arguments.list("--source-address-prefixes")
        update.sourcePortRanges = arguments.list("--source-port-ranges")
        update.destinationAddressPrefixes = arguments.list("--destination-address-prefixes")
        update.destinationPortRanges = arguments.list("--destination-port-ranges")
        switch rule(request, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let (index, position)):
            let before = world.securityGroups[index].rules[position]
            world.securityGroups[index].rules[position] = update.applied(to: before)
            let nsg = world.securityGroups[index]
            world.schedulePolicyRevert(group: nsg.resourceGroup, nsg: nsg.name, original: before)
            return .delayed(AzureJSON(world: world).rule(nsg.rules[position], in: nsg), SimTimings.azWrite)
        }
    }
}
