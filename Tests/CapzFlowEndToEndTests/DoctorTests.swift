import Foundation
import Testing

/// `capzflow doctor`: the flagship's environment, tools and preflight checked without a run.
@Suite("doctor")
struct DoctorTests {
    let workspace: Workspace

    init() throws {
        workspace = try Workspace()
    }

    static let variables = [
        "AZURE_SUBSCRIPTION_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "USER_IDENTITY",
        "AZURE_CLIENT_ID_USER_ASSIGNED_IDENTITY", "AZURE_OBJECT_ID_USER_ASSIGNED_IDENTITY", "AZURE_LOCATION", "REGISTRY",
    ]

    @Test("with the example env file and the simulator, the flagship is ready to run and nothing is stored")
    func readyUnderSimulator() async throws {
        let result = try await workspace.capzflow("doctor", CapzRehearsal.workflow, "--simulate", "--env-file", CapzRehearsal.envFile)

        expectExit(0, result)
        #expect(result.stdout.contains("ready to run"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath), "doctor wrote a state database")
    }

    @Test("without the guide's environment or tools, every missing variable and command is named, exit 2")
    func namesEveryMissingInput() async throws {
        let result = try await workspace.capzflow("doctor", CapzRehearsal.workflow, environment: ["PATH": "/usr/bin:/bin"])

        expectExit(2, result)
        for variable in Self.variables {
            #expect(result.output.contains(variable), "\(variable) not named: \(result)")
        }
        #expect(result.output.contains("--env-file"), "says how to supply them")
        for command in ["tilt", "clusterctl"] {
            #expect(result.output.contains(command), "\(command) not named: \(result)")
        }
    }

    @Test("a tilt-settings.yaml with obsolete keys and leftover values gets one line per fix, exit 2")
    func tiltSettingsProblems() async throws {
        try FileManager.default.createDirectory(atPath: workspace.path("capz/templates"), withIntermediateDirectories: true)
        try workspace.write("capz/Makefile", "")
        try workspace.write("capz/templates/cluster-template-apiserver-ilb.yaml", "")
        try workspace.write("capz/tilt-settings.yaml", """
            kustomize_settings:
              FOO: bar
            kustomize_substitutions:
              SUBSCRIPTION_TYPE: corporate
              AZURE_LOCATION: eastus
              EXP_APISERVER_ILB: "true"
            """)

        let result = try await workspace.capzflow(
            "doctor", CapzRehearsal.workflow, "--simulate", "--env-file", CapzRehearsal.envFile, "--param", "CAPZ_DIR=" + workspace.path("capz"))

        expectExit(2, result)
        #expect(result.output.contains("remove SUBSCRIPTION_TYPE"), "\(result)")
        #expect(result.output.contains("rename kustomize_settings to kustomize_substitutions"), "\(result)")
        #expect(result.output.contains("kustomize_substitutions.AZURE_LOCATION overrides"), "\(result)")
        #expect(!result.output.contains("EXP_APISERVER_ILB overrides"), "a setting make aks-create does not write is fine")
    }
}
