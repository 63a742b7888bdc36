/// `az identity …` and `az role assignment …`.
extension AzTool {
    static func identityShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let index: Int?
        if let id = request.arguments.list("--ids")?.first {
            index = world.identityIndex(id: id)
        } else {
            index = world.identityIndex(group: request.group, name: request.name)
        }
        guard let index else {
            if world.groupIndex(request.group) == nil { return .failure(.groupNotFound(request.group)) }
            return .failure(.notFound("Microsoft.ManagedIdentity/userAssignedIdentities/\(request.name)", group: request.group))
        }
        return .result(AzureJSON(world: world).identity(world.identities[index]))
    }

    private static func identity(_ request: AzRequest, in world: World) -> Result<Int, AzFailure> {
        let name = request.arguments.value("--identity-name") ?? ""
        guard world.groupIndex(request.group) != nil else { return .failure(.groupNotFound(request.group)) }
        guard let index = world.identityIndex(group: request.group, name: name) else {
            return .failure(.notFound("Microsoft.ManagedIdentity/userAssignedIdentities/\(name)", group: request.group))
        }
        return .success(index)
    }

    static func federatedCredentialCreate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch identity(request, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            let credential = ManagedIdentity.FederatedCredential(
                name: request.name, issuer: request.arguments.value("--issuer") ?? "",
                subject: request.arguments.value("--subject") ?? "",
                audiences: request.arguments.list("--audiences") ?? ["api://AzureADTokenExchange"])
            world.identities[index].federatedCredentials.removeAll { $0.name == credential.name }
            world.identities[index].federatedCredentials.append(credential)
            return .result(AzureJSON(world: world).federatedCredential(credential, of: world.identities[index]))
        }
    }

    static func federatedCredentialDelete(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        switch identity(request, in: world) {
        case .failure(let failure): return .failure(failure)
        case .success(let index):
            world.identities[index].federatedCredentials.removeAll { $0.name == request.name }
            return .result(nil)
        }
    }

    /// Creates a role assignment; an identical one already there is returned (the CLI is
    /// idempotent about `RoleAssignmentExists`).
    static func roleAssignmentCreate(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let arguments = request.arguments
        let assignee = arguments.value("--assignee-object-id") ?? arguments.value("--assignee")
        guard let assignee, arguments.has("--assignee-object-id") != arguments.has("--assignee") else {
            return .failure(.plain("usage error: --assignee STRING | --assignee-object-id GUID"))
        }
        let role = arguments.value("--role") ?? ""
        let scope = arguments.value("--scope") ?? ""
        guard scope.hasPrefix("/subscriptions/\(world.account.subscriptionID)") else {
            return .failure(
                .arm(
                    code: "InvalidSubscriptionId",
                    message: "The provided subscription identifier in scope '\(scope)' is malformed or invalid."))
        }
        if let existing = world.roleAssignments.first(where: {
            $0.principalID == assignee && World.same($0.role, role) && World.same($0.scope, scope)
        }) {
            return .result(AzureJSON(world: world).roleAssignment(existing))
        }
        let assignment = RoleAssignment(
            name: arguments.value("--name") ?? world.random.guid(), principalID: assignee,
            principalType: arguments.value("--assignee-principal-type") ?? "ServicePrincipal", role: role, scope: scope,
            createdAt: world.now)
        world.roleAssignments.append(assignment)
        return .result(AzureJSON(world: world).roleAssignment(assignment))
    }

    static func roleAssignmentList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let arguments = request.arguments
        let assignments = world.roleAssignments.filter { assignment in
            (arguments.value("--assignee").map { $0 == assignment.principalID } ?? true)
                && (arguments.value("--role").map { World.same($0, assignment.role) } ?? true)
                && (arguments.value("--scope").map { World.same($0, assignment.scope) } ?? true)
        }
        let json = AzureJSON(world: world)
        return .result(.array(assignments.map(json.roleAssignment)))
    }
}
