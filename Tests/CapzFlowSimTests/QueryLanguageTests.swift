import Foundation
import Testing

@testable import CapzFlowSim

@Suite("The small languages the tools speak: JMESPath, kubectl JSONPath, envsubst and yq")
struct QueryLanguageTests {
    private static let document = try! JSONParser.parse("""
        {"name": "v", "items": [{"name": "a", "state": "Connected", "n": 1}, {"name": "b", "state": "Initiated", "n": 2}],
         "nested": {"list": [[1, 2], [3]]}, "flag": false}
        """)

    @Test("JMESPath evaluates as jmespath.py does", arguments: [
        ("name", "\"v\""), ("items[].name", "[\"a\",\"b\"]"), ("items[*].name", "[\"a\",\"b\"]"),
        ("items[?state=='Connected'].name", "[\"a\"]"), ("items[?starts_with(name, 'b')].name", "[\"b\"]"),
        ("items[].{name:name,state:state}", "[{\"name\":\"a\",\"state\":\"Connected\"},{\"name\":\"b\",\"state\":\"Initiated\"}]"),
        ("items[0].n", "1"), ("items[-1].name", "\"b\""), ("items[:1].name", "[\"a\"]"), ("nested.list[]", "[1,2,3]"),
        ("length(items)", "2"), ("items[?n > `1`].name", "[\"b\"]"), ("missing.path", "null"), ("items | [0].name", "\"a\""),
        ("flag || name", "\"v\""), ("!flag", "true"), ("[name, flag]", "[\"v\",false]"), ("items[].missing", "[]"),
    ])
    func evaluates(_ query: String, _ expected: String) throws {
        let result = try JMESPath.compile(query).evaluate(Self.document)
        #expect(JSONText.render(result, style: .compact) == expected)
    }

    @Test("JMESPath refuses what jmespath.py cannot compile", arguments: ["[?", "items[", "{name}", "a..b", "'unterminated", "items[?a=b]"])
    func refuses(_ query: String) {
        #expect(throws: JMESPathLexer.Failure.self) { try JMESPath.compile(query) }
    }

    @Test("kubectl JSONPath renders fields, wildcards, filters, ranges and literals")
    func kubeJSONPath() throws {
        #expect(try KubeJSONPath("{.name} {.items[*].n}").render(Self.document) == "v 1 2")
        #expect(try KubeJSONPath("{.items[?(@.state==\"Initiated\")].name}").render(Self.document) == "b")
        #expect(try KubeJSONPath("{range .items[*]}{.name}{\"\\n\"}{end}").render(Self.document) == "a\nb\n")
        #expect(try KubeJSONPath("{.missing}").render(Self.document) == "")
    }

    @Test("envsubst replaces $VAR, ${VAR} and the default forms, nesting included")
    func envsubst() {
        var environment = ["CLUSTER_NAME": "c1", "EMPTY": ""]
        let text = "${CLUSTER_NAME} $CLUSTER_NAME ${MISSING} ${EMPTY:-d1} ${EMPTY-d2} ${GROUP:=${CLUSTER_NAME}-rg} ${GROUP} $$HOME ${IP:-30.0.0.100}"
        #expect(EnvsubstTool.substitute(text, environment: &environment) == "c1 c1  d1  c1-rg c1-rg $HOME 30.0.0.100")
    }

    @Test("yq edits tilt-settings.yaml the way aks-as-mgmt.sh asks, and reads JSON from stdin")
    func yq() throws {
        var sim = try SimHarness()
        defer { sim.folder.remove() }
        let expression = "del(.aks_as_mgmt_settings) | .aks_as_mgmt_settings.MGMT_CLUSTER_NAME = strenv(NAME) | .aks_as_mgmt_settings.CONTROL_PLANE_MACHINE_COUNT = strenv(COUNT)"
        #expect(sim.call("yq", ["-i", expression, "tilt-settings.yaml"], environment: ["NAME": "aks-mgmt-1", "COUNT": "3"]).exitCode == 0)
        #expect(sim.call("yq", ["-i", ".allowed_contexts = ((.allowed_contexts // []) + [strenv(NAME), \"kind-capz\"] | unique)", "tilt-settings.yaml"], environment: ["NAME": "aks-mgmt-1"]).exitCode == 0)
        #expect(sim.folder.read("capz/tilt-settings.yaml") == """
            kustomize_substitutions: {}
            allowed_contexts:
              - kind-capz
              - aks-mgmt-1
            aks_as_mgmt_settings:
              MGMT_CLUSTER_NAME: aks-mgmt-1
              CONTROL_PLANE_MACHINE_COUNT: "3"

            """)
        #expect(sim.call("yq", [".a.b"], stdin: "{\"a\": {\"b\": \"x\"}}").stdout == "x\n")
        #expect(sim.call("yq", [".allowed_contexts", "tilt-settings.yaml"]).stdout == "- kind-capz\n- aks-mgmt-1\n")
    }
}
