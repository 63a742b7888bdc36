/// The checkout's flavor templates and Calico values.
///
/// Written for the simulator in the shape of CAPZ's `apiserver-ilb` flavors (reference §0, §1.4,
/// §2.6): a Cluster, an AzureCluster whose API server load balancer has a public frontend and a
/// private one (`${AZURE_INTERNAL_LB_PRIVATE_IP:-30.0.0.100}`, 40.x for Windows), a
/// KubeadmControlPlane with `replicas: ${CONTROL_PLANE_MACHINE_COUNT}`, MachineDeployments with
/// `replicas: ${WORKER_MACHINE_COUNT}`, and KubeadmConfigTemplates whose preKubeadmCommands
/// point the API server's name at the ILB in `/etc/hosts`. Variables without defaults are the
/// ones Tilt's flavor command exports (KUBERNETES_VERSION, the machine types,
/// CLUSTER_IDENTITY_NAME, …); rendering without them leaves fields empty, which the simulated
/// webhooks refuse as the real ones do.
extension CapzCheckout {
    /// `templates/cluster-template-apiserver-ilb.yaml`.
    static var apiserverILBTemplate: String { template(firstOctet: "30", windows: false) }

    /// `templates/cluster-template-windows-apiserver-ilb.yaml`.
    static var windowsAPIServerILBTemplate: String { template(firstOctet: "40", windows: true) }

    private static func template(firstOctet octet: String, windows: Bool) -> String {
        let address = "${AZURE_INTERNAL_LB_PRIVATE_IP:-\(octet).0.0.100}"
        let fqdn = "${CLUSTER_NAME}-${APISERVER_LB_DNS_SUFFIX}.${AZURE_LOCATION}.cloudapp.azure.com"
        var documents = [
            """
            apiVersion: cluster.x-k8s.io/v1beta1
            kind: Cluster
            metadata:
              labels:
                cloud-provider: ${CLOUD_PROVIDER_AZURE_LABEL:=azure}
                cni: calico
              name: ${CLUSTER_NAME}
              namespace: default
            spec:
              clusterNetwork:
                pods:
                  cidrBlocks:
                  - 192.168.0.0/16
              controlPlaneRef:
                apiVersion: controlplane.cluster.x-k8s.io/v1beta1
                kind: KubeadmControlPlane
                name: ${CLUSTER_NAME}-control-plane
              infrastructureRef:
                apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
                kind: AzureCluster
                name: ${CLUSTER_NAME}
            """,
            """
            apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
            kind: AzureCluster
            metadata:
              name: ${CLUSTER_NAME}
              namespace: default
            spec:
              identityRef:
                apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
                kind: AzureClusterIdentity
                name: ${CLUSTER_IDENTITY_NAME}
              location: ${AZURE_LOCATION}
              networkSpec:
                apiServerLB:
                  frontendIPs:
                  - name: ${CLUSTER_NAME}-api-lb
                    publicIP:
                      dnsName: \(fqdn)
                      name: ${CLUSTER_NAME}-api-lb
                  - name: ${CLUSTER_NAME}-internal-lb-private-ip
                    privateIP: \(address)
                subnets:
                - cidrBlocks:
                  - \(octet).0.0.0/16
                  name: control-plane-subnet
                  role: control-plane
                - cidrBlocks:
                  - \(octet).1.0.0/16
                  name: node-subnet
                  role: node
                vnet:
                  cidrBlocks:
                  - \(octet).0.0.0/8
                  name: ${AZURE_VNET_NAME:=${CLUSTER_NAME}-vnet}
              resourceGroup: ${AZURE_RESOURCE_GROUP:=${CLUSTER_NAME}}
              subscriptionID: ${AZURE_SUBSCRIPTION_ID}
            """,
            """
            apiVersion: controlplane.cluster.x-k8s.io/v1beta1
            kind: KubeadmControlPlane
            metadata:
              name: ${CLUSTER_NAME}-control-plane
              namespace: default
            spec:
              kubeadmConfigSpec:
                clusterConfiguration:
                  apiServer:
                    certSANs:
                    - localhost
                    - 127.0.0.1
                    - \(fqdn)
                    timeoutForControlPlane: 20m
                  controllerManager:
                    extraArgs:
                      allocate-node-cidrs: "false"
                      cloud-provider: external
                      cluster-name: ${CLUSTER_NAME}
                initConfiguration:
                  nodeRegistration:
                    kubeletExtraArgs:
                      cloud-provider: external
                    name: '{{ ds.meta_data["local_hostname"] }}'
                joinConfiguration:
                  nodeRegistration:
                    kubeletExtraArgs:
                      cloud-provider: external
                    name: '{{ ds.meta_data["local_hostname"] }}'
                preKubeadmCommands:
                - echo '127.0.0.1   \(fqdn)' >> /etc/hosts
              machineTemplate:
                infrastructureRef:
                  apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
                  kind: AzureMachineTemplate
                  name: ${CLUSTER_NAME}-control-plane
              replicas: ${CONTROL_PLANE_MACHINE_COUNT}
              version: ${KUBERNETES_VERSION}
            """,
            machineTemplate(name: "${CLUSTER_NAME}-control-plane", size: "${AZURE_CONTROL_PLANE_MACHINE_TYPE}", windows: false),
            machineDeployment(name: "${CLUSTER_NAME}-md-0"),
            machineTemplate(name: "${CLUSTER_NAME}-md-0", size: "${AZURE_NODE_MACHINE_TYPE}", windows: false),
            """
            apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
            kind: KubeadmConfigTemplate
            metadata:
              name: ${CLUSTER_NAME}-md-0
              namespace: default
            spec:
              template:
                spec:
                  joinConfiguration:
                    nodeRegistration:
                      kubeletExtraArgs:
                        cloud-provider: external
                      name: '{{ ds.meta_data["local_hostname"] }}'
                  preKubeadmCommands:
                  - echo '\(address)   \(fqdn)' >> /etc/hosts
            """,
        ]
        if windows {
            documents += [
                machineDeployment(name: "${CLUSTER_NAME}-md-win"),
                machineTemplate(name: "${CLUSTER_NAME}-md-win", size: "${AZURE_NODE_MACHINE_TYPE}", windows: true),
                """
                apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
                kind: KubeadmConfigTemplate
                metadata:
                  name: ${CLUSTER_NAME}-md-win
                  namespace: default
                spec:
                  template:
                    spec:
                      joinConfiguration:
                        nodeRegistration:
                          criSocket: npipe:////./pipe/containerd-containerd
                          kubeletExtraArgs:
                            cloud-provider: external
                          name: '{{ ds.meta_data["local_hostname"] }}'
                      preKubeadmCommands:
                      - powershell -Command "Add-Content -Path 'C:\\Windows\\System32\\drivers\\etc\\hosts' -Value '\(address) \(fqdn)'"
                """,
            ]
        }
        documents.append(
            """
            apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
            kind: AzureClusterIdentity
            metadata:
              labels:
                clusterctl.cluster.x-k8s.io/move-hierarchy: "true"
              name: ${CLUSTER_IDENTITY_NAME}
              namespace: default
            spec:
              allowedNamespaces: {}
              clientID: ${AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY}
              tenantID: ${AZURE_TENANT_ID}
              type: ${CLUSTER_IDENTITY_TYPE:=WorkloadIdentity}
            """)
        return documents.joined(separator: "\n---\n") + "\n"
    }

    private static func machineDeployment(name: String) -> String {
        """
        apiVersion: cluster.x-k8s.io/v1beta1
        kind: MachineDeployment
        metadata:
          name: \(name)
          namespace: default
        spec:
          clusterName: ${CLUSTER_NAME}
          replicas: ${WORKER_MACHINE_COUNT}
          selector:
            matchLabels: null
          template:
            spec:
              bootstrap:
                configRef:
                  apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
                  kind: KubeadmConfigTemplate
                  name: \(name)
              clusterName: ${CLUSTER_NAME}
              infrastructureRef:
                apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
                kind: AzureMachineTemplate
                name: \(name)
              version: ${KUBERNETES_VERSION}
        """
    }

    private static func machineTemplate(name: String, size: String, windows: Bool) -> String {
        """
        apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
        kind: AzureMachineTemplate
        metadata:
          name: \(name)
          namespace: default
        spec:
          template:
            spec:
              osDisk:
                diskSizeGB: 128
                osType: \(windows ? "Windows" : "Linux")
              sshPublicKey: ${AZURE_SSH_PUBLIC_KEY_B64:=""}
              vmSize: \(size)
        """
    }

    /// `templates/addons/calico/values.yaml`.
    static let calicoValues = """
        installation:
          cni:
            type: Calico
          calicoNetwork:
            bgp: Disabled
            mtu: 1350
            ipPools:
            - cidr: 192.168.0.0/16
              encapsulation: VXLAN
          registry: mcr.microsoft.com/oss

        """
}
