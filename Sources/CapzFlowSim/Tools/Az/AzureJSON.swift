import Foundation

/// The JSON az prints for each kind of resource: ARM's shapes, flattened as the network
/// commands flatten them (no `properties.` level), keys sorted by the printer.
struct AzureJSON {
    /// The world the resources are in.
    let world: World

    private var subscription: String { world.account.subscriptionID }

    private static func tags(_ tags: [String: String]) -> JSONValue {
        .object(JSONObject(tags.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }

    private static func etag(_ seed: String) -> JSONValue {
        .string("W/\"\(seed)\"")
    }

    private static func reference(_ id: String) -> JSONValue {
        let group = ResourceID(id)?.resourceGroup
        return .object(JSONObject([("id", .string(id)), ("resourceGroup", .optional(group))]))
    }

    /// A resource group.
    func group(_ group: ResourceGroup) -> JSONValue {
        [
            "id": .string("/subscriptions/\(subscription)/resourceGroups/\(group.name)"),
            "location": .string(group.location), "managedBy": .optional(group.managedBy), "name": .string(group.name),
            "properties": ["provisioningState": "Succeeded"],
            "tags": group.tags.isEmpty ? .null : Self.tags(group.tags), "type": "Microsoft.Resources/resourceGroups",
        ]
    }

    /// A virtual network with its subnets and peerings.
    func vnet(_ vnet: VirtualNetwork) -> JSONValue {
        let id = vnet.id(subscription: subscription).text
        return [
            "addressSpace": ["addressPrefixes": .strings(vnet.addressPrefixes)], "enableDdosProtection": false,
            "etag": Self.etag(vnet.guid), "id": .string(id), "location": .string(vnet.location),
            "name": .string(vnet.name), "privateEndpointVNetPolicies": "Disabled", "provisioningState": "Succeeded",
            "resourceGroup": .string(vnet.resourceGroup), "resourceGuid": .string(vnet.guid),
            "subnets": .array(vnet.subnets.map { subnet($0, of: vnet) }), "tags": Self.tags(vnet.tags),
            "type": "Microsoft.Network/virtualNetworks",
            "virtualNetworkPeerings": .array(vnet.peerings.map { peering($0, of: vnet) }),
        ]
    }

    private func subnet(_ subnet: VirtualNetwork.Subnet, of vnet: VirtualNetwork) -> JSONValue {
        let id = vnet.id(subscription: subscription).text + "/subnets/\(subnet.name)"
        var object = JSONObject([
            ("addressPrefix", .string(subnet.addressPrefix)), ("delegations", []), ("etag", Self.etag(vnet.guid)),
            ("id", .string(id)), ("name", .string(subnet.name)),
            ("privateEndpointNetworkPolicies", "Disabled"), ("privateLinkServiceNetworkPolicies", "Enabled"),
            ("provisioningState", "Succeeded"), ("resourceGroup", .string(vnet.resourceGroup)),
            ("type", "Microsoft.Network/virtualNetworks/subnets"),
        ])
        if let nsg = subnet.securityGroup {
            object["networkSecurityGroup"] = Self.reference(
                "/subscriptions/\(subscription)/resourceGroups/\(vnet.resourceGroup)/providers/Microsoft.Network/networkSecurityGroups/\(nsg)")
        }
        return .object(object)
    }

    /// A VNet peering, with its state seen from `vnet`.
    func peering(_ peering: VirtualNetwork.Peering, of vnet: VirtualNetwork) -> JSONValue {
        let state = world.peeringState(peering, of: vnet)
        let remote = world.vnetIndex(reference: peering.remoteVirtualNetworkID, defaultGroup: vnet.resourceGroup)
            .map { world.virtualNetworks[$0] }
        let space: JSONValue = ["addressPrefixes": .strings(remote?.addressPrefixes ?? [])]
        return [
            "allowForwardedTraffic": .bool(peering.allowForwardedTraffic), "allowGatewayTransit": false,
            "allowVirtualNetworkAccess": .bool(peering.allowVirtualNetworkAccess), "doNotVerifyRemoteGateways": false,
            "etag": Self.etag(vnet.guid),
            "id": .string(vnet.id(subscription: subscription).text + "/virtualNetworkPeerings/\(peering.name)"),
            "name": .string(peering.name), "peeringState": .string(state),
            "peeringSyncLevel": .string(state == "Connected" ? "FullyInSync" : "RemoteNotInSync"),
            "provisioningState": "Succeeded", "remoteAddressSpace": space,
            "remoteVirtualNetwork": Self.reference(peering.remoteVirtualNetworkID),
            "remoteVirtualNetworkAddressSpace": space, "resourceGroup": .string(vnet.resourceGroup),
            "resourceGuid": .string(vnet.guid), "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
            "useRemoteGateways": false,
        ]
    }

    /// A network security group with its rules.
    func securityGroup(_ nsg: NetworkSecurityGroup) -> JSONValue {
        let id = "/subscriptions/\(subscription)/resourceGroups/\(nsg.resourceGroup)/providers/Microsoft.Network/networkSecurityGroups/\(nsg.name)"
        let subnets = world.virtualNetworks.flatMap { vnet in
            vnet.subnets.filter { $0.securityGroup == nsg.name && World.same(vnet.resourceGroup, nsg.resourceGroup) }
                .map { Self.reference(vnet.id(subscription: subscription).text + "/subnets/\($0.name)") }
        }
        var object = JSONObject([
            ("defaultSecurityRules", .array(Self.defaultRules.map { rule($0, in: nsg) })), ("etag", Self.etag(nsg.guid)),
            ("flushConnection", false), ("id", .string(id)), ("location", .string(nsg.location)),
            ("name", .string(nsg.name)), ("provisioningState", "Succeeded"),
            ("resourceGroup", .string(nsg.resourceGroup)), ("resourceGuid", .string(nsg.guid)),
            ("securityRules", .array(nsg.rules.map { rule($0, in: nsg) })), ("tags", Self.tags(nsg.tags)),
            ("type", "Microsoft.Network/networkSecurityGroups"),
        ])
        if !subnets.isEmpty { object["subnets"] = .array(subnets) }
        return .object(object)
    }

    /// A security rule (fields ARM omits when unset are left out).
    func rule(_ rule: SecurityRule, in nsg: NetworkSecurityGroup) -> JSONValue {
        let isDefault = Self.defaultRules.contains(rule)
        let base = "/subscriptions/\(subscription)/resourceGroups/\(nsg.resourceGroup)/providers/Microsoft.Network/networkSecurityGroups/\(nsg.name)"
        var object = JSONObject([
            ("access", .string(rule.access)), ("description", .optional(rule.description)),
            ("destinationAddressPrefix", .optional(rule.destinationAddressPrefix)),
            ("destinationAddressPrefixes", .strings(rule.destinationAddressPrefixes)),
            ("destinationPortRange", .optional(rule.destinationPortRange)),
            ("destinationPortRanges", .strings(rule.destinationPortRanges)), ("direction", .string(rule.direction)),
            ("etag", Self.etag(nsg.guid)),
            ("id", .string(base + (isDefault ? "/defaultSecurityRules/" : "/securityRules/") + rule.name)),
            ("name", .string(rule.name)), ("priority", .int(rule.priority)), ("protocol", .string(rule.protocol)),
            ("provisioningState", "Succeeded"), ("resourceGroup", .string(nsg.resourceGroup)),
            ("sourceAddressPrefix", .optional(rule.sourceAddressPrefix)),
            ("sourceAddressPrefixes", .strings(rule.sourceAddressPrefixes)),
            ("sourcePortRange", .optional(rule.sourcePortRange)), ("sourcePortRanges", .strings(rule.sourcePortRanges)),
            ("type", .string(isDefault ? "Microsoft.Network/networkSecurityGroups/defaultSecurityRules" : "Microsoft.Network/networkSecurityGroups/securityRules")),
        ])
        for key in ["description", "destinationAddressPrefix", "destinationPortRange", "sourceAddressPrefix", "sourcePortRange"]
        where object[key] == .null {
            object[key] = nil
        }
        return .object(object)
    }

    /// The six rules every NSG has.
    static let defaultRules: [SecurityRule] = [
        SecurityRule(
            name: "AllowVnetInBound", priority: 65000, access: "Allow", direction: "Inbound", protocol: "*",
            sourceAddressPrefix: "VirtualNetwork", sourcePortRange: "*", destinationAddressPrefix: "VirtualNetwork",
            destinationPortRange: "*", description: "Allow inbound traffic from all VMs in VNET"),
        SecurityRule(
            name: "AllowAzureLoadBalancerInBound", priority: 65001, access: "Allow", direction: "Inbound",
            protocol: "*", sourceAddressPrefix: "AzureLoadBalancer", sourcePortRange: "*",
            destinationAddressPrefix: "*", destinationPortRange: "*", description: "Allow inbound traffic from azure load balancer"),
        SecurityRule(
            name: "DenyAllInBound", priority: 65500, access: "Deny", direction: "Inbound", protocol: "*",
            sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*",
            description: "Deny all inbound traffic"),
        SecurityRule(
            name: "AllowVnetOutBound", priority: 65000, access: "Allow", direction: "Outbound", protocol: "*",
            sourceAddressPrefix: "VirtualNetwork", sourcePortRange: "*", destinationAddressPrefix: "VirtualNetwork",
            destinationPortRange: "*", description: "Allow outbound traffic from all VMs to all VMs in VNET"),
        SecurityRule(
            name: "AllowInternetOutBound", priority: 65001, access: "Allow", direction: "Outbound", protocol: "*",
            sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "Internet",
            destinationPortRange: "*", description: "Allow outbound traffic from all VMs to Internet"),
        SecurityRule(
            name: "DenyAllOutBound", priority: 65500, access: "Deny", direction: "Outbound", protocol: "*",
            sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*",
            description: "Deny all outbound traffic"),
    ]

    /// An AKS cluster.
    func managedCluster(_ cluster: ManagedCluster) -> JSONValue {
        let id = "/subscriptions/\(subscription)/resourcegroups/\(cluster.resourceGroup)/providers/Microsoft.ContainerService/managedClusters/\(cluster.name)"
        let identity = world.identityIndex(id: cluster.kubeletIdentityID).map { world.identities[$0] }
        let state = cluster.provisioningState(at: world.now)
        let pool: JSONValue = [
            "count": .int(cluster.nodeCount), "currentOrchestratorVersion": .string(cluster.kubernetesVersion),
            "enableAutoScaling": false, "maxPods": .int(cluster.maxPods), "mode": "System", "name": "nodepool1",
            "orchestratorVersion": .string(cluster.kubernetesVersion), "osDiskSizeGb": 128, "osSku": "Ubuntu",
            "osType": "Linux", "powerState": ["code": "Running"], "provisioningState": .string(state),
            "type": "VirtualMachineScaleSets", "vmSize": .string(cluster.vmSize),
            "vnetSubnetId": .optional(cluster.subnetID),
        ]
        let issuer: JSONValue = cluster.oidcIssuer
            ? .string("https://\(cluster.location).oic.prod-aks.azure.com/\(world.account.current?.tenantID ?? "")/\(cluster.poolDigits)/")
            : .null
        return [
            "agentPoolProfiles": [pool], "azurePortalFqdn": .string("\(cluster.name)-portal.\(cluster.fqdn)"),
            "currentKubernetesVersion": .string(cluster.kubernetesVersion),
            "dnsPrefix": .string(String(cluster.fqdn.prefix { $0 != "." })), "enableRbac": true,
            "fqdn": .string(cluster.fqdn), "id": .string(id),
            "identity": [
                "principalId": .string(identity?.principalID ?? ""), "tenantId": .optional(world.account.current?.tenantID),
                "type": "SystemAssigned",
            ],
            "identityProfile": [
                "kubeletidentity": [
                    "clientId": .optional(identity?.clientID), "objectId": .optional(identity?.principalID),
                    "resourceId": .string(cluster.kubeletIdentityID),
                ]
            ],
            "kubernetesVersion": .string(cluster.kubernetesVersion), "location": .string(cluster.location),
            "maxAgentPools": 100, "name": .string(cluster.name),
            "networkProfile": [
                "dnsServiceIp": .optional(cluster.dnsServiceIP), "loadBalancerSku": "standard", "networkPlugin": "azure",
                "outboundType": "loadBalancer", "serviceCidr": .optional(cluster.serviceCidr),
            ],
            "nodeResourceGroup": .string(cluster.nodeResourceGroup),
            "oidcIssuerProfile": ["enabled": .bool(cluster.oidcIssuer), "issuerUrl": issuer],
            "powerState": ["code": "Running"], "provisioningState": .string(state),
            "resourceGroup": .string(cluster.resourceGroup),
            "securityProfile": ["workloadIdentity": cluster.workloadIdentity ? ["enabled": true] : .null],
            "sku": ["name": "Base", "tier": "Free"], "tags": Self.tags(cluster.tags),
            "type": "Microsoft.ContainerService/ManagedClusters",
        ]
    }

    /// A user-assigned identity.
    func identity(_ identity: ManagedIdentity) -> JSONValue {
        [
            "clientId": .string(identity.clientID), "id": .string(identity.id(subscription: subscription).text),
            "location": .string(identity.location), "name": .string(identity.name),
            "principalId": .string(identity.principalID), "resourceGroup": .string(identity.resourceGroup),
            "systemData": .null, "tags": [:], "tenantId": .string(identity.tenantID),
            "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
        ]
    }

    /// A federated credential of `identity`.
    func federatedCredential(_ credential: ManagedIdentity.FederatedCredential, of identity: ManagedIdentity) -> JSONValue {
        [
            "audiences": .strings(credential.audiences),
            "id": .string(identity.id(subscription: subscription).text + "/federatedIdentityCredentials/\(credential.name)"),
            "issuer": .string(credential.issuer), "name": .string(credential.name),
            "resourceGroup": .string(identity.resourceGroup), "subject": .string(credential.subject), "systemData": .null,
            "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
        ]
    }

    /// A role assignment.
    func roleAssignment(_ assignment: RoleAssignment) -> JSONValue {
        let created = SimCall.timestamp(assignment.createdAt)
        return [
            "condition": .null, "conditionVersion": .null, "createdBy": .null, "createdOn": .string(created),
            "delegatedManagedIdentityResourceId": .null, "description": .null,
            "id": .string("\(assignment.scope)/providers/Microsoft.Authorization/roleAssignments/\(assignment.name)"),
            "name": .string(assignment.name), "principalId": .string(assignment.principalID),
            "principalType": .string(assignment.principalType), "resourceGroup": .null,
            "roleDefinitionId": .string(
                "/subscriptions/\(subscription)/providers/Microsoft.Authorization/roleDefinitions/\(Self.roleID(assignment.role))"),
            "roleDefinitionName": .string(assignment.role), "scope": .string(assignment.scope),
            "type": "Microsoft.Authorization/roleAssignments", "updatedBy": .null, "updatedOn": .string(created),
        ]
    }

    /// The built-in role definition IDs the simulator knows.
    static func roleID(_ role: String) -> String {
        [
            "contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c", "owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
            "reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        ][role.lowercased()] ?? role
    }

    /// A load balancer, its frontends, pools, rules and probes.
    func loadBalancer(_ balancer: LoadBalancer) -> JSONValue {
        let id = balancer.id(subscription: subscription).text
        let probeID = id + "/probes/HTTPSProbe"
        let frontendIDs = balancer.frontends.map { id + "/frontendIPConfigurations/\($0.name)" }
        let poolID = id + "/backendAddressPools/\(balancer.backendPool)"
        return [
            "backendAddressPools": [backendPool(balancer)], "etag": Self.etag(balancer.guid),
            "frontendIPConfigurations": .array(frontends(balancer)), "id": .string(id), "inboundNatPools": [],
            "inboundNatRules": [],
            "loadBalancingRules": [
                [
                    "backendAddressPool": Self.reference(poolID), "backendPort": 6443, "disableOutboundSnat": true,
                    "enableFloatingIP": false, "enableTcpReset": false, "etag": Self.etag(balancer.guid),
                    "frontendIPConfiguration": Self.reference(frontendIDs.first ?? id), "frontendPort": 6443,
                    "id": .string(id + "/loadBalancingRules/LBRuleHTTPS"), "idleTimeoutInMinutes": 4,
                    "loadDistribution": "Default", "name": "LBRuleHTTPS", "probe": Self.reference(probeID),
                    "protocol": "Tcp", "provisioningState": "Succeeded", "resourceGroup": .string(balancer.resourceGroup),
                    "type": "Microsoft.Network/loadBalancers/loadBalancingRules",
                ]
            ],
            "location": .string(balancer.location), "name": .string(balancer.name), "outboundRules": [],
            "probes": [
                [
                    "etag": Self.etag(balancer.guid), "id": .string(probeID), "intervalInSeconds": 15,
                    "loadBalancingRules": [Self.reference(id + "/loadBalancingRules/LBRuleHTTPS")], "name": "HTTPSProbe",
                    "numberOfProbes": 4, "port": 6443, "probeThreshold": 1, "protocol": "Https",
                    "provisioningState": "Succeeded", "requestPath": "/readyz", "resourceGroup": .string(balancer.resourceGroup),
                    "type": "Microsoft.Network/loadBalancers/probes",
                ]
            ],
            "provisioningState": "Succeeded", "resourceGroup": .string(balancer.resourceGroup),
            "resourceGuid": .string(balancer.guid), "sku": ["name": "Standard", "tier": "Regional"],
            "tags": Self.tags(balancer.tags), "type": "Microsoft.Network/loadBalancers",
        ]
    }

    /// The frontend IP configurations of a load balancer.
    func frontends(_ balancer: LoadBalancer) -> [JSONValue] {
        let id = balancer.id(subscription: subscription).text
        return balancer.frontends.map { frontend in
            var object = JSONObject([
                ("etag", Self.etag(balancer.guid)), ("id", .string(id + "/frontendIPConfigurations/\(frontend.name)")),
                ("loadBalancingRules", [Self.reference(id + "/loadBalancingRules/LBRuleHTTPS")]),
                ("name", .string(frontend.name)), ("provisioningState", "Succeeded"),
                ("resourceGroup", .string(balancer.resourceGroup)),
                ("type", "Microsoft.Network/loadBalancers/frontendIPConfigurations"),
            ])
            if let address = frontend.privateIP {
                object["privateIPAddress"] = .string(address)
                object["privateIPAddressVersion"] = "IPv4"
                object["privateIPAllocationMethod"] = "Static"
            }
            if let subnet = frontend.subnetID { object["subnet"] = Self.reference(subnet) }
            if let publicIP = frontend.publicIPID { object["publicIPAddress"] = Self.reference(publicIP) }
            return .object(object)
        }
    }

    /// The backend pool of a load balancer, with the control-plane VMs' NICs in it.
    func backendPool(_ balancer: LoadBalancer) -> JSONValue {
        let id = balancer.id(subscription: subscription).text
        let cluster = world.workloadClusters.first { World.same($0.resourceGroup, balancer.resourceGroup) }
        let configurations: [JSONValue] = cluster.map { cluster in
            cluster.controlPlane.filter { machine in cluster.createdAt(machine).map { $0 <= world.now } ?? false }
                .map { machine in
                    Self.reference(
                        "/subscriptions/\(subscription)/resourceGroups/\(cluster.resourceGroup)/providers/Microsoft.Network/networkInterfaces/\(machine.nodeName)-nic/ipConfigurations/pipConfig")
                }
        } ?? []
        return [
            "backendIPConfigurations": .array(configurations), "etag": Self.etag(balancer.guid),
            "id": .string(id + "/backendAddressPools/\(balancer.backendPool)"), "name": .string(balancer.backendPool),
            "provisioningState": "Succeeded", "resourceGroup": .string(balancer.resourceGroup),
            "type": "Microsoft.Network/loadBalancers/backendAddressPools",
        ]
    }

    /// A private DNS zone.
    func zone(_ zone: PrivateDNSZone) -> JSONValue {
        [
            "etag": "\"00000000-0000-0000-0000-000000000000\"", "id": .string(zoneID(zone)), "location": "global",
            "maxNumberOfRecordSets": 25000, "maxNumberOfVirtualNetworkLinks": 1000,
            "maxNumberOfVirtualNetworkLinksWithRegistration": 100, "name": .string(zone.name),
            "numberOfRecordSets": .int(zone.recordSets.count + 1),
            "numberOfVirtualNetworkLinks": .int(zone.links.count),
            "numberOfVirtualNetworkLinksWithRegistration": .int(zone.links.filter(\.registrationEnabled).count),
            "provisioningState": "Succeeded", "resourceGroup": .string(zone.resourceGroup),
            "tags": Self.tags(zone.tags), "type": "Microsoft.Network/privateDnsZones",
        ]
    }

    private func zoneID(_ zone: PrivateDNSZone) -> String {
        "/subscriptions/\(subscription)/resourceGroups/\(zone.resourceGroup)/providers/Microsoft.Network/privateDnsZones/\(zone.name)"
    }

    /// A VNet link of a zone.
    func link(_ link: PrivateDNSZone.Link, of zone: PrivateDNSZone) -> JSONValue {
        [
            "etag": "\"00000000-0000-0000-0000-000000000000\"", "id": .string(zoneID(zone) + "/virtualNetworkLinks/\(link.name)"),
            "location": "global", "name": .string(link.name), "provisioningState": "Succeeded",
            "registrationEnabled": .bool(link.registrationEnabled), "resolutionPolicy": "Default",
            "resourceGroup": .string(zone.resourceGroup), "tags": [:],
            "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
            "virtualNetwork": Self.reference(link.virtualNetworkID), "virtualNetworkLinkState": "Completed",
        ]
    }

    /// An A record set of a zone.
    func recordSet(_ record: PrivateDNSZone.RecordSet, of zone: PrivateDNSZone) -> JSONValue {
        let fqdn = record.name == "@" ? zone.name + "." : "\(record.name).\(zone.name)."
        return [
            "aRecords": .array(record.addresses.map { ["ipv4Address": .string($0)] }),
            "etag": "\"00000000-0000-0000-0000-000000000000\"", "fqdn": .string(fqdn),
            "id": .string(zoneID(zone) + "/A/\(record.name)"), "isAutoRegistered": false, "name": .string(record.name),
            "resourceGroup": .string(zone.resourceGroup), "ttl": .int(record.ttl),
            "type": "Microsoft.Network/privateDnsZones/A",
        ]
    }

    /// The VMs CAPZ made for a workload cluster's machines.
    func virtualMachines(in group: String) -> [JSONValue] {
        world.workloadClusters.filter { World.same($0.resourceGroup, group) }.flatMap { cluster in
            cluster.machines.filter { cluster.createdAt($0).map { $0 <= world.now } ?? false }.map { machine in
                [
                    "hardwareProfile": ["vmSize": .string(machine.vmSize)],
                    "id": .string("/subscriptions/\(subscription)/resourceGroups/\(cluster.resourceGroup)/providers/Microsoft.Compute/virtualMachines/\(machine.nodeName)"),
                    "location": .string(cluster.location), "name": .string(machine.nodeName),
                    "provisioningState": "Succeeded", "resourceGroup": .string(cluster.resourceGroup),
                    "storageProfile": ["osDisk": ["osType": .string(machine.windows ? "Windows" : "Linux")]],
                    "tags": ["sigs.k8s.io_cluster-api-provider-azure_cluster_\(cluster.name)": "owned"],
                    "type": "Microsoft.Compute/virtualMachines",
                ] as JSONValue
            }
        }
    }

    /// `az account show`.
    func account() -> JSONValue? {
        guard let current = world.account.current else { return nil }
        return [
            "environmentName": "AzureCloud", "homeTenantId": .string(current.tenantID), "id": .string(current.id),
            "isDefault": true, "managedByTenants": [], "name": .string(current.name), "state": "Enabled",
            "tenantDefaultDomain": "contoso.onmicrosoft.com", "tenantDisplayName": "Contoso",
            "tenantId": .string(current.tenantID),
            "user": ["name": .string(world.account.user), "type": .string(world.account.userType)],
        ]
    }

    /// The subscriptions `az login` lists.
    func subscriptions() -> JSONValue {
        .array(world.account.subscriptions.map { subscription in
            [
                "cloudName": "AzureCloud", "homeTenantId": .string(subscription.tenantID), "id": .string(subscription.id),
                "isDefault": .bool(subscription.id == world.account.current?.id), "managedByTenants": [],
                "name": .string(subscription.name), "state": "Enabled", "tenantId": .string(subscription.tenantID),
                "user": ["name": .string(world.account.user), "type": .string(world.account.userType)],
            ]
        })
    }
}
