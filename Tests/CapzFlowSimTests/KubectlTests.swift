import Foundation
import Testing

@testable import CapzFlowSim

@Suite("kubectl against the management and workload clusters")
struct KubectlTests {
    private static let cluster = SimHarness.cluster

    @Test("apply prints created lines, then unchanged; the management cluster keeps one of each object")
    func applyIsIdempotent() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        let again = sim.call("kubectl", ["apply", "-f", "-"], stdin: sim.renderedFlavor())
        #expect(again.exitCode == 0)
        let lines = again.stdout.split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines.allSatisfy { $0.hasSuffix(" unchanged") })
        #expect(lines.contains("cluster.cluster.x-k8s.io/\(Self.cluster) unchanged"))
        #expect(lines.contains("kubeadmcontrolplane.controlplane.cluster.x-k8s.io/\(Self.cluster)-control-plane unchanged"))
        #expect(sim.world.kubeObjects.count == 8)
        #expect(sim.world.workloadClusters.count == 1)
        #expect(sim.call("kubectl", ["get", "cluster", Self.cluster, "--output", "name"]).stdout == "cluster.cluster.x-k8s.io/\(Self.cluster)\n")
    }

    @Test("apply from a file works too, and a missing file is an error")
    func applyFromFile() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.tiltUp(for: .seconds(200))
        try Data(sim.renderedFlavor().utf8).write(to: URL(fileURLWithPath: sim.checkout + "/rendered.yaml"))
        let apply = sim.call("kubectl", ["apply", "-f", "rendered.yaml"])
        #expect(apply.exitCode == 0)
        #expect(apply.stdout.hasPrefix("cluster.cluster.x-k8s.io/\(Self.cluster) created\n"))
        let missing = sim.call("kubectl", ["apply", "-f", "nope.yaml"])
        #expect(missing.exitCode == 1 && missing.stderr == "error: the path \"nope.yaml\" does not exist\n")
    }

    @Test("an unknown name is NotFound with exit 1; an unknown type is refused")
    func notFound() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        let cluster = sim.call("kubectl", ["get", "cluster", "ghost", "-o", "json"])
        #expect(cluster.exitCode == 1)
        #expect(cluster.stderr == "Error from server (NotFound): clusters.cluster.x-k8s.io \"ghost\" not found\n")
        let secret = sim.call("kubectl", ["get", "secret", "ghost-kubeconfig", "-o", "jsonpath={.data.value}"])
        #expect(secret.stderr == "Error from server (NotFound): secrets \"ghost-kubeconfig\" not found\n")
        #expect(sim.call("kubectl", ["get", "gizmos"]).stderr == "error: the server doesn't have a resource type \"gizmos\"\n")
        #expect(sim.call("kubectl", ["get", "cluster", "--bogus"]).stderr.hasPrefix("error: unknown flag: --bogus"))
    }

    @Test("the CAPI CRDs exist only once Tilt has loaded, and the webhooks only once the controller runs")
    func needsTilt() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        let early = sim.call("kubectl", ["apply", "-f", "-"], stdin: sim.renderedFlavor())
        #expect(early.exitCode == 1)
        #expect(early.stderr.contains("no matches for kind \"Cluster\" in version \"cluster.x-k8s.io/v1beta1\"\nensure CRDs are installed first"))
        sim.tiltUp(for: .seconds(150))
        let loading = sim.call("kubectl", ["apply", "-f", "-"], stdin: sim.renderedFlavor())
        #expect(loading.stderr.contains("failed calling webhook"))
    }

    @Test("the webhooks refuse what Tilt would have filled in, and a private IP without EXP_APISERVER_ILB")
    func webhooks() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.tiltUp(for: .seconds(200), environment: ["EXP_APISERVER_ILB": "false"])
        var bare = SimHarness.flavorEnvironment
        bare["KUBERNETES_VERSION"] = nil
        bare["AZURE_NODE_MACHINE_TYPE"] = nil
        let refused = sim.call("kubectl", ["apply", "-f", "-"], stdin: sim.renderedFlavor(environment: bare))
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("spec.version: Invalid value: \"\": must be a valid semantic version"))
        #expect(refused.stderr.contains("spec.template.spec.vmSize: Required value"))
        #expect(refused.stderr.contains("Public Load Balancers cannot have a Private IP"))
    }

    @Test("the nodes stay NotReady without the CNI, and become Ready once Calico is installed")
    func nodesWaitForCNI() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.allowPorts()
        sim.advance(.seconds(200))
        sim.wireNetwork()
        sim.advance(.seconds(300))
        let kubeconfig = sim.saveWorkloadKubeconfig()
        let before = sim.call("kubectl", ["--kubeconfig=\(kubeconfig)", "get", "nodes", "--no-headers"]).stdout
        #expect(before.split(separator: "\n").count == 4)
        #expect(before.components(separatedBy: "NotReady").count == 5, "\(before)")
        let timedOut = sim.call("kubectl", ["wait", "--for=condition=ready", "node", "--all", "--kubeconfig=\(kubeconfig)", "--timeout=30s"])
        #expect(timedOut.exitCode == 1 && timedOut.stderr.hasPrefix("error: timed out waiting for the condition on nodes/"))
        sim.installAddons(kubeconfig: kubeconfig)
        sim.advance(.seconds(30))
        let table = sim.call("kubectl", ["--kubeconfig", kubeconfig, "get", "nodes"]).stdout
        #expect(table.hasPrefix("NAME"))
        #expect(table.contains("   Ready    control-plane   "), "\(table)")
        #expect(table.contains("   Ready    <none>   "), "\(table)")
        let jsonpath = sim.call("kubectl", ["get", "nodes", "--kubeconfig=\(kubeconfig)", "-o", "jsonpath={.items[*].status.conditions[?(@.type==\"Ready\")].status}"])
        #expect(jsonpath.stdout == "True True True True")
        let selected = sim.call("kubectl", ["--kubeconfig", kubeconfig, "get", "nodes", "--selector=node-role.kubernetes.io/control-plane", "--no-headers"])
        #expect(selected.stdout.split(separator: "\n").count == 3)
    }

    @Test("the workload kubeconfig names its cluster; clusterctl gives the same one; the pod CIDRs and ILB IP read back")
    func kubeconfigAndJSONPath() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.advance(.seconds(300))
        let secret = sim.call("kubectl", ["get", "secret", "\(Self.cluster)-kubeconfig", "-o", "jsonpath={.data.value}"]).stdout
        let decoded = String(decoding: Data(base64Encoded: secret) ?? Data(), as: UTF8.self)
        #expect(Kubeconfig.clusterName(in: decoded) == Self.cluster)
        #expect(decoded.contains("server: https://\(Self.cluster)-\(SimHarness.suffix).westus2.cloudapp.azure.com:6443"))
        #expect(sim.run("clusterctl get kubeconfig \(Self.cluster)").stdout == decoded)
        #expect(sim.call("kubectl", ["get", "cluster", Self.cluster, "-o", "jsonpath={.spec.clusterNetwork.pods.cidrBlocks[*]}"]).stdout == "192.168.0.0/16")
        #expect(sim.call("kubectl", ["get", "azurecluster", Self.cluster, "-o", "jsonpath={.spec.networkSpec.apiServerLB.frontendIPs[*].privateIP}"]).stdout == "30.0.11.100")
        let describe = sim.run("clusterctl describe cluster \(Self.cluster)").stdout
        #expect(describe.contains("Cluster/\(Self.cluster)") && describe.contains("MachineDeployment/\(Self.cluster)-md-0"))
        #expect(sim.run("clusterctl get kubeconfig ghost").stderr.contains("not found"))
    }

    @Test("deleting a cluster removes its objects and its resource group; --wait=false returns at once")
    func deleteCluster() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.advance(.seconds(300))
        let started = sim.now
        let delete = sim.call("kubectl", ["delete", "clusters", "--all", "--wait=false"])
        #expect(delete.stdout == "cluster.cluster.x-k8s.io \"\(Self.cluster)\" deleted\n")
        #expect(sim.now == started)
        sim.advance(.seconds(121))
        #expect(sim.world.kubeObjects.map(\.kind) == ["AzureClusterIdentity"])
        #expect(sim.world.groupIndex(Self.cluster) == nil)
        #expect(sim.call("kubectl", ["delete", "cluster", "ghost"]).exitCode == 1)
    }

    @Test("the Windows flavor brings up five nodes, one of them Windows, on 40.x")
    func windowsFlavor() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        var environment = SimHarness.flavorEnvironment
        environment["CLUSTER_NAME"] = "win-apiserver-ilb-7"
        environment["AZURE_INTERNAL_LB_PRIVATE_IP"] = "40.0.11.100"
        sim.bringUpThroughDeploy(flavor: "windows-apiserver-ilb", environment: environment)
        sim.allowPorts()
        sim.advance(.seconds(200))
        sim.wireNetwork(cluster: "win-apiserver-ilb-7", address: "40.0.11.100")
        let kubeconfig = sim.saveWorkloadKubeconfig(cluster: "win-apiserver-ilb-7")
        sim.installAddons(kubeconfig: kubeconfig, cluster: "win-apiserver-ilb-7")
        sim.advance(.seconds(300))
        let nodes = sim.call("kubectl", ["--kubeconfig", kubeconfig, "get", "nodes", "-o", "json"]).stdout
        let items = try JSONParser.parse(nodes)["items"].arrayValue ?? []
        #expect(items.count == 5)
        #expect(items.filter { $0["metadata"]["labels"]["kubernetes.io/os"] == "windows" }.count == 1)
        #expect(sim.world.virtualNetworks.first { $0.name == "win-apiserver-ilb-7-vnet" }?.addressPrefixes == ["40.0.0.0/8"])
    }
}
