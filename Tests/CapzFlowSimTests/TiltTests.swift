import Foundation
import Testing

@testable import CapzFlowSim

@Suite("tilt up and its clients")
struct TiltTests {
    @Test("before tilt up, clients get the connection-refused error with exit 1")
    func refusedWithoutTilt() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        let wait = sim.run("tilt wait --for=condition=Ready uiresource/(Tiltfile) --timeout=10s")
        #expect(wait.exitCode == 1)
        #expect(wait.stderr == "The connection to the server localhost:10350 was refused - did you specify the right host or port?\n")
        #expect(sim.run("tilt trigger apiserver-ilb").stderr.contains("connect: connection refused"))
    }

    @Test("the Tiltfile loads, then the controllers become ready; tilt wait gives up at its timeout, never later")
    func loadsAndWaits() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.tiltUp(for: .seconds(30))
        let started = sim.now
        let early = sim.run("tilt wait --for=condition=Ready uiresource/(Tiltfile) --timeout=10s")
        #expect(early.exitCode == 1)
        #expect(early.stderr == "error: timed out waiting for the condition on uiresources/(Tiltfile)\n")
        #expect(sim.now.timeIntervalSince(started) == 10)
        let resource = try JSONParser.parse(sim.run("tilt get uiresource capz-controller-manager -o json").stdout)
        #expect(resource["status"]["updateStatus"] == "pending")
        #expect(resource["status"]["conditions"].arrayValue?.first { $0["type"] == "Ready" }?["status"] == "False")

        sim.tiltUp(for: .seconds(200))
        #expect(sim.run("tilt wait --for=condition=Ready uiresource/(Tiltfile) --timeout=10s").stdout == "uiresource.tilt.dev/(Tiltfile) condition met\n")
        let ready = try JSONParser.parse(sim.run("tilt get uiresource capz-controller-manager -o json").stdout)
        #expect(ready["status"]["updateStatus"] == "ok" && ready["status"]["runtimeStatus"] == "ok")
        let list = try JSONParser.parse(sim.run("tilt get uiresources -o json").stdout)
        let names = list["items"].arrayValue?.compactMap { $0["metadata"]["name"].stringValue } ?? []
        #expect(names == [
            "(Tiltfile)", "manager", "capz-controller-manager", "azureserviceoperator-controller-manager",
            "allow required ports on mgmt cluster", "apiserver-ilb", "windows-apiserver-ilb", "delete-all-workload-clusters",
        ])
        let manual = list["items"].arrayValue?.first { $0["metadata"]["name"] == "apiserver-ilb" }
        #expect(manual?["status"]["updateStatus"] == "none")
        let session = try JSONParser.parse(sim.run("tilt get session Tiltfile -o json").stdout)
        #expect(session["status"]["pid"] == 777)
        #expect(sim.world.managedClusters.first?.controllerRunningAt != nil)
    }

    @Test("tilt up refuses a context missing from allowed_contexts, with Tilt's message, and keeps serving")
    func refusesContext() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        try Data(CapzCheckout.tiltSettings.utf8).write(to: URL(fileURLWithPath: sim.checkout + "/tilt-settings.yaml"))
        let up = sim.tiltUp(for: .seconds(60))
        #expect(up.next != nil)
        #expect(up.stdout.contains("Stop! \(SimHarness.management) might be production."))
        let tiltfile = try JSONParser.parse(sim.run("tilt get uiresource (Tiltfile) -o json").stdout)
        #expect(tiltfile["status"]["updateStatus"] == "error")
        #expect(tiltfile["status"]["buildHistory"].arrayValue?.first?["error"].stringValue?.contains("allow_k8s_contexts('\(SimHarness.management)')") == true)
    }

    @Test("tilt up fails validate_auth without AZURE_TENANT_ID")
    func validatesAuth() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.environment["AZURE_TENANT_ID"] = nil
        let up = sim.tiltUp(for: .seconds(30))
        #expect(up.stdout.contains("missing kustomize_substitutions keys [\"AZURE_TENANT_ID\"]"))
    }

    @Test("a second tilt up while one serves fails on the port")
    func secondTiltUp() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.tiltUp(for: .seconds(30))
        let second = sim.tiltUp(for: .seconds(10), pid: 999)
        #expect(second.exitCode == 1)
        #expect(second.stderr.contains("address already in use"))
    }

    @Test("the allow-ports task opens the NRMS rules, and reports success even where it skipped an NSG")
    func allowPortsTask() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.tiltUp(for: .seconds(200))
        #expect(sim.run("tilt trigger 'allow required ports on mgmt cluster'").stdout
            == "Successfully triggered update for resource: \"allow required ports on mgmt cluster\"\n")
        sim.tiltUp(for: .seconds(90))
        let logs = sim.run("tilt logs 'allow required ports on mgmt cluster'").stdout
        #expect(logs.contains("NSG NRMS rule check and modification complete."))
        let status = try JSONParser.parse(sim.run("tilt get uiresource 'allow required ports on mgmt cluster' -o json").stdout)
        #expect(status["status"]["updateStatus"] == "ok")
        #expect(sim.world.securityGroups.allSatisfy { $0.rules.first { $0.name == "NRMS-Rule-101" }?.access == "Allow" })
    }

    @Test("a flavor button applies a new cluster named <flavor>-<random> each time")
    func flavorButton() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        sim.bringUpManagement()
        sim.tiltUp(for: .seconds(200), environment: SimHarness.flavorEnvironment.filter { $0.key != "CLUSTER_NAME" })
        sim.run("tilt trigger apiserver-ilb")
        sim.run("tilt trigger apiserver-ilb")
        let clusters = sim.world.kubeObjects.filter { $0.kind == "Cluster" }.map(\.name)
        #expect(clusters.count == 2)
        #expect(clusters.allSatisfy { $0.hasPrefix("apiserver-ilb-") })
    }
}
