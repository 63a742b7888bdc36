import Testing
@testable import CapzFlowCore

@Suite("Parameter resolver")
struct ParamResolverTests {
    static let workflow = Workflow(
        name: "capz-aks-ilb",
        params: [
            ParamSpec(
                name: "FLAVOR", defaultValue: "apiserver-ilb", allowed: ["apiserver-ilb", "windows-apiserver-ilb"],
                aliases: ["apiserver-ilb-windows": "windows-apiserver-ilb"]),
            ParamSpec(name: "CLUSTER_NAME", required: true),
            ParamSpec(name: "RESOURCE_GROUP", required: true),
            ParamSpec(name: "MGMT_CLUSTER_NAME", generate: #"echo "aks-mgmt-$(date +%s)""#),
            ParamSpec(name: "REGION", defaultValue: "westeurope"),
            ParamSpec(name: "NOTE"),
        ],
        steps: [Fixtures.run("a")])

    // MARK: NAME=VALUE

    @Test("NAME=VALUE arguments are split at the first equals sign")
    func parsesAssignments() throws {
        let given = try ParamResolver.parseAssignments(["FLAVOR=apiserver-ilb", "NOTE=a=b", "REGION="])
        #expect(given.map(\.name) == ["FLAVOR", "NOTE", "REGION"])
        #expect(given.map(\.value) == ["apiserver-ilb", "a=b", ""])
    }

    @Test("an argument that is not NAME=VALUE is refused", arguments: ["FLAVOR", "=apiserver-ilb", "", "="])
    func refusesMalformed(_ argument: String) {
        #expect(throws: ParamError.malformed(argument)) { try ParamResolver.parseAssignments([argument]) }
        #expect(ParamError.malformed(argument).description.contains("is not NAME=VALUE"))
    }

    @Test("a parameter given twice is refused")
    func refusesTwice() {
        #expect(throws: ParamError.givenTwice("REGION")) { try ParamResolver.parseAssignments(["REGION=a", "NOTE=x", "REGION=b"]) }
        #expect(ParamError.givenTwice("REGION").description == "parameter 'REGION' is given twice; give it once")
    }

    // MARK: Resolving

    @Test("defaults apply to what is not given, and what is given wins")
    func defaults() throws {
        let (values, toGenerate) = try ParamResolver.resolve(
            Self.workflow, given: [("CLUSTER_NAME", "c1"), ("RESOURCE_GROUP", "rg"), ("REGION", "eastus")])
        #expect(values == ["FLAVOR": "apiserver-ilb", "CLUSTER_NAME": "c1", "RESOURCE_GROUP": "rg", "REGION": "eastus"])
        #expect(toGenerate.map(\.name) == ["MGMT_CLUSTER_NAME"])
    }

    @Test("a parameter with generate is returned for generation unless it is given")
    func generation() throws {
        let (values, toGenerate) = try ParamResolver.resolve(
            Self.workflow, given: [("CLUSTER_NAME", "c1"), ("RESOURCE_GROUP", "rg"), ("MGMT_CLUSTER_NAME", "aks-mgmt-1")])
        #expect(values["MGMT_CLUSTER_NAME"] == "aks-mgmt-1")
        #expect(toGenerate.isEmpty)
    }

    @Test("an alias is recorded as its canonical value")
    func alias() throws {
        let (values, _) = try ParamResolver.resolve(
            Self.workflow, given: [("FLAVOR", "apiserver-ilb-windows"), ("CLUSTER_NAME", "c1"), ("RESOURCE_GROUP", "rg")])
        #expect(values["FLAVOR"] == "windows-apiserver-ilb")
    }

    @Test("a value outside allowed is refused, naming the allowed values")
    func notAllowed() {
        let expected = ParamError.notAllowed(name: "FLAVOR", value: "blue", allowed: ["apiserver-ilb", "windows-apiserver-ilb"])
        #expect(throws: expected) {
            try ParamResolver.resolve(Self.workflow, given: [("FLAVOR", "blue"), ("CLUSTER_NAME", "c1"), ("RESOURCE_GROUP", "rg")])
        }
        #expect(expected.description == "'blue' is not an allowed value of FLAVOR; use one of: apiserver-ilb, windows-apiserver-ilb")
    }

    @Test("every missing required parameter is listed at once")
    func missingRequired() {
        #expect(throws: ParamError.missing(["CLUSTER_NAME", "RESOURCE_GROUP"])) {
            try ParamResolver.resolve(Self.workflow, given: [])
        }
        #expect(ParamError.missing(["CLUSTER_NAME", "RESOURCE_GROUP"]).description
            == "missing required parameters: --param CLUSTER_NAME=VALUE --param RESOURCE_GROUP=VALUE")
        #expect(ParamError.missing(["CLUSTER_NAME"]).description == "missing required parameter: --param CLUSTER_NAME=VALUE")
    }

    @Test("an unknown parameter is refused with the closest known name")
    func unknown() {
        let expected = ParamError.unknown(name: "FLAVUR", workflow: "capz-aks-ilb", known: Self.workflow.params.map(\.name))
        #expect(throws: expected) {
            try ParamResolver.resolve(Self.workflow, given: [("FLAVUR", "apiserver-ilb"), ("CLUSTER_NAME", "c1"), ("RESOURCE_GROUP", "rg")])
        }
        #expect(expected.description.hasPrefix("workflow 'capz-aks-ilb' has no parameter 'FLAVUR' (did you mean 'FLAVOR'?); it takes: FLAVOR, "))
        let far = ParamError.unknown(name: "ZONE", workflow: "demo", known: [])
        #expect(far.description == "workflow 'demo' has no parameter 'ZONE'; it takes none")
    }

    @Test("a parameter with no default, generator or requirement may be left out")
    func optionalParameter() throws {
        let (values, _) = try ParamResolver.resolve(Self.workflow, given: [("CLUSTER_NAME", "c1"), ("RESOURCE_GROUP", "rg")])
        #expect(values["NOTE"] == nil)
    }

    @Test("a parameter without allowed values takes any value, aliases still applied")
    func canonicalWithoutAllowed() throws {
        let spec = ParamSpec(name: "SIZE", aliases: ["big": "Standard_D4s_v3"])
        #expect(try ParamResolver.canonical("big", for: spec) == "Standard_D4s_v3")
        #expect(try ParamResolver.canonical("anything", for: spec) == "anything")
    }

    @Test("a failed generation tells how to give the value instead")
    func generationFailedMessage() {
        #expect(ParamError.generationFailed(name: "MGMT_CLUSTER_NAME", reason: "exit 1").description
            == "could not generate a value for MGMT_CLUSTER_NAME: exit 1; give one with --param MGMT_CLUSTER_NAME=VALUE")
    }
}
