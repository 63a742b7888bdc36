/// `az login`, `logout`, `account`, `acr login` and `provider`: the session and the subscription.
extension AzTool {
    static func login(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let arguments = request.arguments
        let environment = request.invocation.environment
        if arguments.has("--service-principal") {
            world.account.user = arguments.value("--username") ?? environment["AZURE_CLIENT_ID"] ?? world.random.guid()
            world.account.userType = "servicePrincipal"
        } else if arguments.has("--identity") {
            world.account.user = "systemAssignedIdentity"
            world.account.userType = "servicePrincipal"
        } else {
            if arguments.value("--password") == nil {
                let code = world.random.suffix(9).uppercased()
                request.notices.append(
                    "To sign in, use a web browser to open the page https://microsoft.com/devicelogin "
                        + "and enter the code \(code) to authenticate.")
            }
            world.account.user = arguments.value("--username") ?? "developer@contoso.com"
            world.account.userType = "user"
        }
        let tenant = arguments.value("--tenant") ?? environment["AZURE_TENANT_ID"].flatMap(nonEmpty)
            ?? world.account.subscriptions.first?.tenantID ?? world.random.guid()
        if world.account.subscriptions.isEmpty {
            let id = environment["AZURE_SUBSCRIPTION_ID"].flatMap(nonEmpty) ?? world.random.guid()
            world.account.subscriptions = [.init(id: id, name: "CAPZ Simulated Subscription", tenantID: tenant)]
        }
        if let wanted = arguments.value("--subscription"),
            let match = world.account.subscriptions.first(where: { $0.id == wanted || $0.name == wanted })
        {
            world.account.currentSubscriptionID = match.id
        }
        world.account.currentSubscriptionID = world.account.currentSubscriptionID ?? world.account.subscriptions.first?.id
        world.account.loggedIn = true
        return .result(AzureJSON(world: world).subscriptions())
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    static func logout(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        guard world.account.loggedIn else { return .failure(.plain("There are no active accounts.")) }
        world.account.loggedIn = false
        return .result(nil)
    }

    static func accountSet(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let wanted = request.arguments.value("--name") ?? ""
        guard let match = world.account.subscriptions.first(where: { $0.id == wanted || $0.name == wanted }) else {
            return .failure(.plain("The subscription of '\(wanted)' doesn't exist in cloud 'AzureCloud'."))
        }
        world.account.currentSubscriptionID = match.id
        return .result(nil)
    }

    static func accountShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        if let wanted = request.arguments.value("--name"),
            !world.account.subscriptions.contains(where: { $0.id == wanted || $0.name == wanted })
        {
            return .failure(.plain("Subscription '\(wanted)' not found. Check the spelling and casing and try again."))
        }
        return .result(AzureJSON(world: world).account())
    }

    static func accountList(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        .result(AzureJSON(world: world).subscriptions())
    }

    static func acrLogin(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        .text("Login Succeeded\n")
    }

    static func providerShow(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let wanted = request.arguments.value("--namespace") ?? ""
        guard let entry = world.providers.first(where: { World.same($0.key, wanted) }) else {
            return .failure(.arm(code: "InvalidResourceNamespace", message: "The resource namespace '\(wanted)' is invalid."))
        }
        return .result([
            "id": .string("/subscriptions/\(world.account.subscriptionID)/providers/\(entry.key)"),
            "namespace": .string(entry.key), "registrationPolicy": "RegistrationRequired",
            "registrationState": .string(entry.value), "resourceTypes": [],
        ])
    }

    static func providerRegister(_ request: inout AzRequest, _ world: inout World) -> AzOutcome {
        let wanted = request.arguments.value("--namespace") ?? ""
        let key = world.providers.keys.first { World.same($0, wanted) } ?? wanted
        world.providers[key] = "Registered"
        return .result(nil)
    }
}
