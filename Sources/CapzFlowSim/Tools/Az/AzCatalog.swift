/// Every az command the simulator answers, with the options the real CLI 2.91.0 declares for it.
///
/// The option lists come from each command's `--help`: every option the real command has that
/// a CAPZ workflow could pass, so a well-formed command line is never refused, and anything else
/// is `unrecognized arguments`, as for the real CLI.
enum AzCatalog {
    private static let name = AzOption.value("--name -n", required: true)
    private static let group = AzOption.value("--resource-group -g", required: true)
    private static let optionalGroup = AzOption.value("--resource-group -g")
    private static let groupName = AzOption.value("--name --resource-group -g -n", required: true)
    private static let tags = AzOption.list("--tags")
    private static let noWait = AzOption.bool("--no-wait")
    private static let yes = AzOption.flag("--yes -y")
    private static let policy: [AzOption] = [.value("--acquire-policy-token"), .value("--change-reference")]
    private static let paging: [AzOption] = [.value("--max-items"), .value("--next-token")]
    private static let byID: [AzOption] = [.list("--ids"), .value("--subscription")]

    /// The commands.
    static let commands: [AzCommand] = [
        // Session
        AzCommand(
            "login", access: .local,
            options: [
                .flag("--allow-no-subscriptions"), .value("--certificate"), .value("--claims-challenge"),
                .value("--federated-token"), .value("--password -p"), .value("--scope"), .flag("--service-principal"),
                .flag("--skip-subscription-discovery --skip-sub"), .value("--subscription -s"), .value("--tenant -t"),
                .flag("--use-cert-sn-issuer"), .flag("--use-device-code"), .value("--username -u"),
                .value("--client-id"), .flag("--identity -i"), .value("--object-id"), .value("--resource-id"),
            ] + policy, run: AzTool.login),
        AzCommand("logout", access: .local, options: [.value("--username")] + policy, run: AzTool.logout),
        AzCommand(
            "account set", access: .local,
            options: [.value("--name --subscription -n -s", required: true)] + policy, run: AzTool.accountSet),
        AzCommand("account show", access: .local, options: [.value("--name --subscription -n -s")], run: AzTool.accountShow),
        AzCommand("account list", access: .local, options: [.flag("--all"), .flag("--refresh")], run: AzTool.accountList),
        AzCommand(
            "acr login",
            options: [
                name, .value("--expose-token -t"), .value("--password -p"), .value("--resource-group -g"),
                .value("--suffix"), .value("--username -u"),
            ] + policy, run: AzTool.acrLogin),
        AzCommand(
            "provider show", options: [.value("--namespace -n", required: true), .value("--expand")],
            run: AzTool.providerShow),
        AzCommand(
            "provider register",
            options: [
                .value("--namespace -n", required: true), .flag("--consent-to-permissions -c"),
                .value("--management-group-id -m"), .flag("--wait"),
            ] + policy, run: AzTool.providerRegister),

        // Resource groups
        AzCommand("group exists", options: [groupName] + policy, run: AzTool.groupExists),
        AzCommand(
            "group create",
            options: [.value("--location -l", required: true), groupName, .value("--managed-by"), tags] + policy,
            run: AzTool.groupCreate),
        AzCommand("group show", options: [groupName], run: AzTool.groupShow),
        AzCommand("group list", options: [.list("--tag")], run: AzTool.groupList),
        AzCommand(
            "group delete", options: [groupName, .value("--force-deletion-types -f"), noWait, yes] + policy,
            run: AzTool.groupDelete),
        AzCommand("group wait", wait: true, options: [groupName] + policy, run: AzTool.groupWait),

        // AKS
        AzCommand("aks show", options: [group, name], run: AzTool.aksShow),
        AzCommand("aks list", options: [optionalGroup], run: AzTool.aksList),
        AzCommand("aks create", options: [group, name] + aksCreateOptions, run: AzTool.aksCreate),
        AzCommand(
            "aks update",
            options: [
                group, name, .value("--assign-identity"), .value("--assign-kubelet-identity"),
                .flag("--enable-managed-identity"), .flag("--enable-oidc-issuer"), .flag("--enable-workload-identity"),
                .flag("--disable-workload-identity"), .value("--attach-acr"), .value("--detach-acr"), tags,
                .value("--assignee-principal-type -t"), .value("--tier"), .value("--auto-upgrade-channel"),
                .value("--node-os-upgrade-channel"), .value("--aks-custom-headers"), noWait, yes,
            ] + policy, run: AzTool.aksUpdate),
        AzCommand(
            "aks get-credentials",
            options: [
                group, name, .flag("--admin -a"), .value("--context"), .value("--file -f"), .value("--format"),
                .flag("--overwrite-existing"), .flag("--public-fqdn"),
            ] + policy, run: AzTool.aksGetCredentials),
        AzCommand("aks wait", wait: true, options: [group, name] + policy, run: AzTool.aksWait),
        AzCommand("aks delete", options: [group, name, noWait, yes] + policy, run: AzTool.aksDelete),

        // Identity and roles
        AzCommand(
            "identity show", parser: .aaz,
            options: [.value("--name --resource-name -n", required: true), .value("--resource-group -g", required: true)] + byID,
            run: AzTool.identityShow),
        AzCommand(
            "identity federated-credential create",
            options: [
                .value("-n --name", required: true), .value("--resource-group -g", required: true),
                .value("--identity-name", required: true), .list("--audiences"), .value("--issuer"), .value("--subject"),
                .value("--claims-matching-expression-value --cme-value"),
                .value("--claims-matching-expression-version --cme-version"),
            ] + policy, run: AzTool.federatedCredentialCreate),
        AzCommand(
            "identity federated-credential delete",
            options: [
                .value("-n --name", required: true), .value("--resource-group -g", required: true),
                .value("--identity-name", required: true), yes,
            ] + policy, run: AzTool.federatedCredentialDelete),
        AzCommand(
            "role assignment create",
            options: [
                .value("--role", required: true), .value("--scope", required: true), .value("--assignee"),
                .value("--assignee-object-id"),
                .value("--assignee-principal-type", choices: ["ForeignGroup", "Group", "ServicePrincipal", "User"]),
                .value("--condition"), .value("--condition-version"), .value("--description"), .value("--name -n"),
            ] + policy, run: AzTool.roleAssignmentCreate),
        AzCommand(
            "role assignment list",
            options: [
                .value("--assignee"), .value("--role"), .value("--scope"), .value("--resource-group -g"),
                .flag("--all"), .flag("--include-inherited"), .flag("--include-groups"),
            ], run: AzTool.roleAssignmentList),

        // Virtual networks and peerings
        AzCommand(
            "network vnet create",
            options: [
                group, name, .list("--address-prefixes"), .value("--location -l"), .value("--subnet-name"),
                .list("--subnet-prefixes"), .value("--subnets"), .value("--network-security-group --nsg"), tags,
                noWait, .list("--dns-servers"), .value("--edge-zone"), .bool("--ddos-protection"),
                .value("--ddos-protection-plan"), .bool("--enable-encryption"), .value("--flowtimeout"),
                .bool("--vm-protection"),
            ] + policy, run: AzTool.vnetCreate),
        AzCommand(
            "network vnet show", parser: .aaz,
            options: [.value("--resource-group -g", required: true), .value("--name -n", required: true), .value("--expand")] + byID,
            run: AzTool.vnetShow),
        AzCommand("network vnet list", options: [optionalGroup] + paging, run: AzTool.vnetList),
        AzCommand(
            "network vnet wait", parser: .aaz, wait: true,
            options: [.value("--resource-group -g", required: true), .value("--name -n", required: true), .value("--expand")] + byID + policy,
            run: AzTool.vnetWait),
        AzCommand(
            "network vnet delete", parser: .aaz,
            options: [.value("--resource-group -g", required: true), .value("--name -n", required: true), noWait] + byID + policy,
            run: AzTool.vnetDelete),
        AzCommand(
            "network vnet peering create",
            options: [
                group, .value("--vnet-name", required: true), .value("-n --name", required: true),
                .value("--remote-vnet", required: true), .bool("--allow-forwarded-traffic"),
                .bool("--allow-gateway-transit"), .bool("--allow-vnet-access"), .bool("--enable-only-ipv6"),
                .list("--local-subnet-names"), noWait, .bool("--peer-complete-vnets"), .list("--remote-subnet-names"),
                .bool("--use-remote-gateways"),
            ] + policy, run: AzTool.peeringCreate),
        AzCommand(
            "network vnet peering show", parser: .aaz,
            options: [.value("--resource-group -g", required: true), .value("--vnet-name", required: true), .value("--name -n", required: true)] + byID,
            run: AzTool.peeringShow),
        AzCommand(
            "network vnet peering list", options: [group, .value("--vnet-name", required: true)] + paging,
            run: AzTool.peeringList),
        AzCommand(
            "network vnet peering wait", parser: .aaz, wait: true,
            options: [.value("--resource-group -g", required: true), .value("--vnet-name", required: true), .value("--name -n", required: true)] + byID + policy,
            run: AzTool.peeringWait),
        AzCommand(
            "network vnet peering delete", parser: .aaz,
            options: [.value("--resource-group -g", required: true), .value("--vnet-name", required: true), .value("--name -n", required: true), noWait] + byID + policy,
            run: AzTool.peeringDelete),

        // Network security groups
        AzCommand("network nsg list", options: [optionalGroup], run: AzTool.nsgList),
        AzCommand(
            "network nsg show", parser: .aaz,
            options: [.value("--name -n", required: true), .value("--resource-group -g", required: true), .value("--expand")] + byID,
            run: AzTool.nsgShow),
        AzCommand(
            "network nsg rule list",
            options: [group, .value("--nsg-name", required: true), .flag("--include-default")], run: AzTool.ruleList),
        AzCommand(
            "network nsg rule show", parser: .aaz,
            options: [.value("--nsg-name", required: true), .value("--name -n", required: true), .value("--resource-group -g", required: true)] + byID,
            run: AzTool.ruleShow),
        AzCommand(
            "network nsg rule update", parser: .aaz,
            options: [
                .value("--nsg-name", required: true), .value("--name -n", required: true), .value("--resource-group -g", required: true),
                .value("--access", choices: ["Allow", "Deny"]), .value("--description"),
                .value("--direction", choices: ["Inbound", "Outbound"]), noWait, .value("--priority"),
                .value("--protocol", choices: SecurityRuleUpdate.allowedProtocols),
                .list("--destination-address-prefixes"), .list("--destination-asgs"),
                .list("--destination-port-ranges"), .list("--source-address-prefixes"), .list("--source-asgs"),
                .list("--source-port-ranges"), .list("--add"), .bool("--force-string"), .list("--remove"),
                .list("--set"),
            ] + byID + policy, run: AzTool.ruleUpdate),

        // Load balancers and VMs
        AzCommand("network lb list", options: [optionalGroup] + paging, run: AzTool.lbList),
        AzCommand(
            "network lb show", parser: .aaz,
            options: [.value("--name -n", required: true), .value("--resource-group -g", required: true), .value("--expand"), .value("--detail-level")]
                + byID,
            run: AzTool.lbShow),
        AzCommand(
            "network lb frontend-ip list", options: [group, .value("--lb-name", required: true)],
            run: AzTool.lbFrontendList),
        AzCommand(
            "network lb address-pool list", options: [group, .value("--lb-name", required: true)] + paging,
            run: AzTool.lbPoolList),
        AzCommand(
            "vm list", options: [optionalGroup, .flag("--show-details -d"), .value("--vmss")], run: AzTool.vmList),

        // Private DNS
        AzCommand(
            "network private-dns zone create",
            options: [.value("-n --name", required: true), group, noWait, tags] + policy, run: AzTool.zoneCreate),
        AzCommand(
            "network private-dns zone show", parser: .aaz,
            options: [.value("--name -n", required: true), .value("--resource-group -g", required: true)] + byID, run: AzTool.zoneShow),
        AzCommand("network private-dns zone list", options: [optionalGroup] + paging, run: AzTool.zoneList),
        AzCommand(
            "network private-dns zone wait", parser: .aaz, wait: true,
            options: [.value("--name -n", required: true), .value("--resource-group -g", required: true)] + byID + policy, run: AzTool.zoneWait),
        AzCommand(
            "network private-dns zone delete", parser: .aaz,
            options: [.value("--name -n", required: true), .value("--resource-group -g", required: true), .value("--if-match"), noWait, yes] + byID
                + policy,
            run: AzTool.zoneDelete),
        AzCommand(
            "network private-dns link vnet create",
            options: [
                .value("-z --zone-name", required: true), group, .value("-n --name", required: true),
                .bool("-e --registration-enabled", required: true), .value("-v --virtual-network", required: true),
                noWait, tags, .value("--resolution-policy"),
            ] + policy, run: AzTool.linkCreate),
        AzCommand(
            "network private-dns link vnet show", parser: .aaz,
            options: [.value("--zone-name -z", required: true), .value("--name -n", required: true), .value("--resource-group -g", required: true)] + byID,
            run: AzTool.linkShow),
        AzCommand(
            "network private-dns link vnet list",
            options: [.value("-z --zone-name", required: true), group, .value("--top")] + paging, run: AzTool.linkList),
        AzCommand(
            "network private-dns link vnet wait", parser: .aaz, wait: true,
            options: [.value("--zone-name -z", required: true), .value("--name -n", required: true), .value("--resource-group -g", required: true)] + byID + policy,
            run: AzTool.linkWait),
        AzCommand(
            "network private-dns record-set a add-record",
            options: [
                group, .value("--zone-name -z", required: true), .value("--record-set-name -n", required: true),
                .value("--ipv4-address -a", required: true), .value("--ttl"), .flag("--if-none-match"),
            ] + policy, run: AzTool.recordAdd),
        AzCommand(
            "network private-dns record-set a show", parser: .aaz,
            options: [.value("--zone-name -z", required: true), .value("--name -n", required: true), .value("--resource-group -g", required: true)] + byID,
            run: AzTool.recordShow),
        AzCommand(
            "network private-dns record-set a list",
            options: [.value("-z --zone-name", required: true), group] + paging, run: AzTool.recordList),
    ]

    /// The options of `az aks create` a CAPZ workflow may pass.
    private static let aksCreateOptions: [AzOption] = [
        .value("--location -l"), .value("--kubernetes-version -k"), .value("--node-count -c"),
        .value("--node-vm-size -s"), .value("--node-resource-group"),
        .value("--vm-set-type", choices: ["AvailabilitySet", "VirtualMachineScaleSets", "VirtualMachines"]),
        .flag("--enable-managed-identity"), .flag("--enable-oidc-issuer"), .flag("--enable-workload-identity"),
        .flag("--generate-ssh-keys"), .value("--ssh-key-value"), .flag("--no-ssh-key -x"),
        .value("--network-plugin", choices: ["azure", "kubenet", "none"]), .value("--network-plugin-mode"),
        .value("--network-policy"), .value("--network-dataplane"), .value("--vnet-subnet-id"), .value("--pod-subnet-id"),
        .value("--service-cidr"), .value("--dns-service-ip"), .value("--pod-cidr"), .value("--max-pods -m"), tags,
        .value("--assign-identity"), .value("--assign-kubelet-identity"), .value("--attach-acr"),
        .value("--zones -z"), .value("--tier"), .value("--node-osdisk-size"), .value("--node-osdisk-type"),
        .flag("--enable-cluster-autoscaler"), .value("--min-count"), .value("--max-count"), .value("--nodepool-name"),
        .value("--nodepool-labels"), .value("--nodepool-taints"), .value("--os-sku"), .value("--load-balancer-sku"),
        .value("--outbound-type"), .flag("--enable-aad"), .flag("--enable-azure-rbac"),
        .flag("--enable-private-cluster"), .value("--api-server-authorized-ip-ranges"), .value("--dns-name-prefix -p"),
        .value("--aks-custom-headers"), .value("--auto-upgrade-channel"), .value("--node-os-upgrade-channel"),
        .flag("--skip-subnet-role-assignment"), .value("--windows-admin-username"), .value("--windows-admin-password"),
        .value("--service-principal"), .value("--client-secret"), .value("--admin-username -u"),
        .value("--enable-addons -a"), .value("--workspace-resource-id"), .value("--sku"), noWait, yes,
    ] + policy

    /// The command `words` name, if any.
    static func command(for words: [String]) -> AzCommand? {
        commands.first { $0.words == words }
    }

    /// The real CLI's complaint about words it does not know.
    static func unknownCommandMessage(for words: [String]) -> AzFailure {
        let known = Set(commands.flatMap { command in
            (1...command.words.count).map { command.words.prefix($0).joined(separator: " ") }
        })
        var matched = 0
        while matched < words.count, known.contains(words.prefix(matched + 1).joined(separator: " ")) {
            matched += 1
        }
        if matched == words.count {
            return .usage("'\(words.joined(separator: " "))' is a command group, not a command: add one of its commands (capzflow-sim answers "
                + commands.filter { Array($0.words.prefix(words.count)) == words }.map(\.name).joined(separator: ", ") + ")")
        }
        return .usage("'\(words[matched])' is misspelled or not recognized by the system.")
    }
}
