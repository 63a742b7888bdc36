import Foundation
import Testing

@testable import CapzFlowSim

@Suite("Each fault does what issue 4 says")
struct FaultTests {
    private static let management = SimHarness.management
    private static let cluster = SimHarness.cluster

    @Test("the fault list parses every spelling and refuses others, naming the accepted ones")
    func parsesFaultList() throws {
        let faults = try SimulationOptions.parseFaults(
            "aks-create-timeout, nsg-delay=5m,rule-revert=2,tilt-crash,vnet-delay=90s,throttle=3,dns-zone-exists,ilb-delay=1h30m,login-expired,single-control-plane,")
        #expect(faults == [
            .aksCreateTimeout, .nsgDelay(.seconds(300)), .ruleRevert(2), .tiltCrash, .vnetDelay(.seconds(90)), .throttle(3),
            .dnsZoneExists, .ilbDelay(.seconds(5400)), .loginExpired, .singleControlPlane,
        ])
        #expect(faults.map(\.spelling).joined(separator: ",")
            == "aks-create-timeout,nsg-delay=5m,rule-revert=2,tilt-crash,vnet-delay=1m30s,throttle=3,dns-zone-exists,ilb-delay=1h30m,login-expired,single-control-plane")
        #expect(try SimulationOptions.parseFaults("").isEmpty)
        for bad in ["nsg-delay", "nsg-delay=soon", "throttle=0", "tilt-crash=2", "meteor-strike"] {
            #expect {
                try SimulationOptions.parseFaults(bad)
            } throws: { error in
                "\(error)".contains("accepted: aks-create-timeout, nsg-delay=DURATION")
            }
        }
    }

    @Test("aks-create-timeout: the first az aks create fails as timed out, yet the cluster exists")
    func aksCreateTimeout() throws {
        var sim = try SimHarness(faults: [.aksCreateTimeout])
        defer { sim.folder.remove() }
        sim.run("az login")
        sim.run("az group create --name \(Self.management) --location westus2 --output none")
        let create = "az aks create --name \(Self.management) --resource-group \(Self.management) --node-count 2 --output none --only-show-errors"
        let first = sim.run(create)
        #expect(first.exitCode == 1)
        #expect(first.stderr.contains("(OperationTimedOut)") && first.stderr.contains("timed out"))
        #expect(sim.run("az aks show --name \(Self.management) --resource-group \(Self.management) --query provisioningState --output tsv").stdout == "Succeeded\n")
        #expect(sim.run(create).exitCode == 0)
        #expect(sim.world.managedClusters.count == 1)
    }

    @Test("nsg-delay: the NSGs and their NRMS rules come that much later")
    func nsgDelay() throws {
        var sim = try SimHarness(faults: [.nsgDelay(.seconds(300))])
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.advance(.seconds(400))
        #expect(sim.world.securityGroups.isEmpty)
        sim.advance(.seconds(30))
        #expect(sim.world.securityGroups.count == 2)
        #expect(sim.world.securityGroups.allSatisfy { $0.rules.isEmpty })
        sim.advance(.seconds(60))
        #expect(sim.world.securityGroups.allSatisfy { $0.rules.map(\.name) == ["NRMS-Rule-101", "NRMS-Rule-103"] })
    }

    @Test("rule-revert: the policy puts the next N updated rules back to Deny shortly after, then leaves them")
    func ruleRevert() throws {
        var sim = try SimHarness(faults: [.ruleRevert(2)])
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.advance(.seconds(200))
        let group = "\(Self.management)-nodes"
        let nsg = try #require(sim.world.securityGroups(in: group).first?.name)
        let update = "az network nsg rule update --resource-group \(group) --nsg-name \(nsg) --name NRMS-Rule-101 --access Allow --direction Inbound --protocol TCP --destination-port-ranges 443 6443 --only-show-errors --output none"
        let access = "az network nsg rule show --resource-group \(group) --nsg-name \(nsg) --name NRMS-Rule-101 --query access --output tsv"
        for _ in 1...2 {
            #expect(sim.run(update).exitCode == 0)
            #expect(sim.run(access).stdout == "Allow\n")
            sim.advance(.seconds(61))
            #expect(sim.run(access).stdout == "Deny\n")
        }
        sim.run(update)
        sim.advance(.seconds(600))
        #expect(sim.run(access).stdout == "Allow\n")
    }

    @Test("tilt-crash: the first tilt up dies shortly after a client saw it ready, and its clients then get connection refused")
    func tiltCrash() throws {
        var sim = try SimHarness(faults: [.tiltCrash])
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        #expect(sim.tiltUp(for: .seconds(600)).next != nil, "nobody has seen it ready yet, so it keeps running")
        let ready = sim.run("tilt wait --for=condition=Ready uiresource/capz-controller-manager --timeout=10s")
        #expect(ready.exitCode == 0)
        let up = sim.tiltUp(for: .seconds(60))
        #expect(up.exitCode == 1)
        #expect(up.next == nil)
        #expect(up.stderr.contains("Error:"))
        #expect(sim.world.tilt?.ended == true)
        #expect(sim.world.managedClusters.first?.controllerRunningAt != nil, "the controller Tilt deployed keeps running")
        let get = sim.run("tilt get session Tiltfile -o json")
        #expect(get.exitCode == 1)
        #expect(get.stderr.contains("connection to the server localhost:10350 was refused"))
        let again = sim.tiltUp(for: .seconds(300), pid: 778)
        #expect(again.next != nil, "the second tilt up keeps running: \(again.stderr)")
        #expect(sim.run("tilt wait --for=condition=Ready uiresource/capz-controller-manager --timeout=10s").exitCode == 0)
        #expect(sim.tiltUp(for: .seconds(600), pid: 778).next != nil)
    }

    @Test("vnet-delay: CAPZ creates the workload VNet that much later")
    func vnetDelay() throws {
        var sim = try SimHarness(faults: [.vnetDelay(.seconds(300))])
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.advance(.seconds(120))
        let show = "az network vnet show --resource-group \(Self.cluster) --name \(Self.cluster)-vnet --query id --output tsv"
        #expect(sim.run(show).exitCode == 3)
        sim.advance(.seconds(300))
        #expect(sim.run(show).exitCode == 0)
    }

    @Test("throttle: the next N ARM calls answer HTTP 429 Too Many Requests; local ones are not counted")
    func throttle() throws {
        var sim = try SimHarness(faults: [.throttle(2)])
        defer { sim.folder.remove() }
        sim.run("az login")
        #expect(sim.run("az account show --query id --output tsv").exitCode == 0)
        for _ in 1...2 {
            let refused = sim.run("az group exists --name rg --output tsv")
            #expect(refused.exitCode == 1)
            #expect(refused.stderr.contains("(TooManyRequests)") && refused.stderr.contains("429 Too Many Requests")
                && refused.stderr.contains("Retry after 5 seconds"))
        }
        #expect(sim.run("az group exists --name rg --output tsv").stdout == "false\n")
    }

    @Test("dns-zone-exists: a zone with the run's name, without links or records, is there when the workload group appears")
    func dnsZoneExists() throws {
        var sim = try SimHarness(faults: [.dnsZoneExists])
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.advance(.seconds(40))
        #expect(sim.run("az network private-dns zone list --resource-group \(Self.cluster) --query [].name --output tsv").stdout == SimHarness.zone + "\n")
        #expect(sim.world.privateZones.first?.links.isEmpty == true && sim.world.privateZones.first?.recordSets.isEmpty == true)
        let create = sim.run("az network private-dns zone create --resource-group \(Self.cluster) --name \(SimHarness.zone) --only-show-errors --output none")
        #expect(create.exitCode == 1 && create.stderr.contains("PreconditionFailed"))
    }

    @Test("ilb-delay: the internal load balancer appears that much later")
    func ilbDelay() throws {
        var sim = try SimHarness(faults: [.ilbDelay(.seconds(300))])
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.advance(.seconds(200))
        let show = "az network lb show --resource-group \(Self.cluster) --name \(Self.cluster)-public-lb-internal --output none"
        #expect(sim.run("az network lb show --resource-group \(Self.cluster) --name \(Self.cluster)-public-lb --output none").exitCode == 0)
        #expect(sim.run(show).exitCode == 3)
        sim.advance(.seconds(300))
        #expect(sim.run(show).exitCode == 0)
    }

    @Test("login-expired: the first az call after a login says the refresh token expired and logs out")
    func loginExpired() throws {
        var sim = try SimHarness(faults: [.loginExpired])
        defer { sim.folder.remove() }
        #expect(sim.run("az account show").stderr == "ERROR: Please run 'az login' to setup account.\n")
        #expect(sim.run("az login --use-device-code").exitCode == 0)
        let expired = sim.run("az account set --subscription \(SimHarness.subscription)")
        #expect(expired.exitCode == 1)
        #expect(expired.stderr.contains("AADSTS700082: The refresh token has expired due to inactivity"))
        #expect(expired.stderr.contains("Please run 'az login'"))
        #expect(sim.run("az account show").stderr.contains("Please run 'az login'"))
        sim.run("az login --use-device-code")
        #expect(sim.run("az account set --subscription \(SimHarness.subscription)").exitCode == 0)
    }

    @Test("single-control-plane: one control-plane machine that never becomes Ready behind the ILB")
    func singleControlPlane() throws {
        var sim = try SimHarness(faults: [.singleControlPlane])
        defer { sim.folder.remove() }
        sim.bringUpThroughDeploy()
        sim.allowPorts()
        sim.advance(.seconds(300))
        sim.wireNetwork()
        let kubeconfig = sim.saveWorkloadKubeconfig()
        sim.installAddons(kubeconfig: kubeconfig)
        sim.advance(.seconds(1800))
        let replicas = sim.call("kubectl", ["get", "kubeadmcontrolplane", "\(Self.cluster)-control-plane", "-o", "jsonpath={.spec.replicas} {.status.readyReplicas}"])
        #expect(replicas.stdout == "1 ")
        let controlPlane = sim.call("kubectl", ["--kubeconfig", kubeconfig, "get", "nodes", "--selector=node-role.kubernetes.io/control-plane", "--no-headers"])
        #expect(!controlPlane.stdout.contains(" Ready "), "\(controlPlane.stdout)")
        #expect(controlPlane.stdout.contains("NotReady"))
        let machines = sim.call("kubectl", ["get", "machines", "-l", "cluster.x-k8s.io/cluster-name=\(Self.cluster),cluster.x-k8s.io/control-plane", "-o", "json"])
        #expect(try JSONParser.parse(machines.stdout)["items"].arrayValue?.count == 1)
    }
}
