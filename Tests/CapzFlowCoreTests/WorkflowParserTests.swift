import Foundation
import Testing
@testable import CapzFlowCore

@Suite("Workflow parser")
struct WorkflowParserTests {
    static let fullFile = """
        version: 1
        name: capz-aks-ilb
        description: Brings up a CAPZ development environment
        params:
          FLAVOR:
            default: apiserver-ilb
            allowed: [apiserver-ilb, windows-apiserver-ilb]
            aliases: { apiserver-ilb-windows: windows-apiserver-ilb }
            description: The cluster template flavor
          CLUSTER_NAME: { required: true }
          MGMT_CLUSTER_NAME: { generate: 'echo "aks-mgmt-$(date +%s)"' }
          REGION: westeurope
        env: { CONTROL_PLANE_MACHINE_COUNT: "3", WORKER_MACHINE_COUNT: 2 }
        requires:
          env: [AZURE_LOCATION, REGISTRY]
          commands: [az, make]
        secrets: [AZURE_CLIENT_SECRET]
        defaults: { timeout: 20m, idle_timeout: 5m, retry: { attempts: 2, backoff: 5s } }
        steps:
          - id: login
            name: Log in to Azure
            run: |
              az account show
            check: az account show --query id
            timeout: 10m
            retry: { attempts: 3, factor: 3, max_backoff: 1m, on: [timeout], except_exit_codes: [2, 127] }
            env: { KEY: value }
            outputs: [SUBSCRIPTION_ID]
          - id: aks-create
            run: make aks-create
          - id: wait-for-nsg
            needs: []
            wait: { until: az network nsg list, interval: 15s, timeout: 20m }
          - id: tilt-up
            needs: [aks-create, wait-for-nsg]
            service: { run: make tilt-up, ready: curl -sf localhost:10350, ready_timeout: 10m }
          - id: approve
            needs: tilt-up
            await: go-ahead
            timeout: 1h
        """

    @Test("a file using every field parses into the expected workflow")
    func parsesEveryField() throws {
        let workflow = try WorkflowParser.parse(Self.fullFile, file: "full.yaml")
        let defaultRetry = RetryPolicy(attempts: 2, backoff: .seconds(5))
        let expected = Workflow(
            name: "capz-aks-ilb",
            description: "Brings up a CAPZ development environment",
            params: [
                ParamSpec(
                    name: "FLAVOR", defaultValue: "apiserver-ilb", allowed: ["apiserver-ilb", "windows-apiserver-ilb"],
                    aliases: ["apiserver-ilb-windows": "windows-apiserver-ilb"], description: "The cluster template flavor"),
                ParamSpec(name: "CLUSTER_NAME", required: true),
                ParamSpec(name: "MGMT_CLUSTER_NAME", generate: #"echo "aks-mgmt-$(date +%s)""#),
                ParamSpec(name: "REGION", defaultValue: "westeurope"),
            ],
            env: [EnvVar(name: "CONTROL_PLANE_MACHINE_COUNT", value: "3"), EnvVar(name: "WORKER_MACHINE_COUNT", value: "2")],
            requires: Requirements(env: ["AZURE_LOCATION", "REGISTRY"], commands: ["az", "make"]),
            secrets: ["AZURE_CLIENT_SECRET"],
            steps: [
                Step(
                    id: "login", name: "Log in to Azure", needs: [], action: .run(script: "az account show\n"),
                    check: "az account show --query id", timeout: .seconds(600), idleTimeout: .seconds(300),
                    retry: RetryPolicy(
                        attempts: 3, backoff: .seconds(5), factor: 3, maxBackoff: .seconds(60), on: [.timeout], exceptExitCodes: [2, 127]),
                    env: [EnvVar(name: "KEY", value: "value")], outputs: ["SUBSCRIPTION_ID"]),
                Step(
                    id: "aks-create", needs: ["login"], action: .run(script: "make aks-create"), timeout: .seconds(1_200),
                    idleTimeout: .seconds(300), retry: defaultRetry),
                Step(
                    id: "wait-for-nsg", needs: [],
                    action: .wait(until: "az network nsg list", interval: .seconds(15), timeout: .seconds(1_200)),
                    timeout: .seconds(1_200), idleTimeout: .seconds(300), retry: defaultRetry),
                Step(
                    id: "tilt-up", needs: ["aks-create", "wait-for-nsg"],
                    action: .service(run: "make tilt-up", ready: "curl -sf localhost:10350", readyTimeout: .seconds(600)),
                    timeout: .seconds(1_200), idleTimeout: .seconds(300), retry: defaultRetry),
                Step(
                    id: "approve", needs: ["tilt-up"], action: .await(signal: "go-ahead"), timeout: .seconds(3_600),
                    idleTimeout: .seconds(300), retry: defaultRetry),
            ])
        #expect(workflow == expected)
    }

    @Test("a minimal file gets the documented defaults")
    func minimalFileDefaults() throws {
        let workflow = try WorkflowParser.parse(
            """
            version: 1
            name: demo
            steps:
              - id: first
                run: echo one
              - id: second
                run: echo two
              - id: poll
                wait: { until: test -f ready }
              - id: web
                service: { run: python3 -m http.server }
            """, file: "demo.yaml")
        #expect(workflow.params.isEmpty && workflow.env.isEmpty && workflow.secrets.isEmpty)
        #expect(workflow.requires == Requirements())
        #expect(workflow.steps.map(\.needs) == [[], ["first"], ["second"], ["poll"]])
        #expect(workflow.steps.allSatisfy { $0.timeout == .seconds(1_800) && $0.idleTimeout == nil })
        #expect(workflow.steps.allSatisfy { $0.retry == RetryPolicy() && $0.retry.attempts == 1 })
        #expect(workflow.steps[2].action == .wait(until: "test -f ready", interval: .seconds(10), timeout: .seconds(1_800)))
        #expect(workflow.steps[3].action == .service(run: "python3 -m http.server", ready: nil, readyTimeout: .seconds(600)))
    }

    @Test("a service's fail_on lists exit codes of its ready command")
    func serviceFailOn() throws {
        let workflow = try WorkflowParser.parse(
            "version: 1\nname: demo\nsteps:\n  - id: web\n    service: { run: serve, ready: probe, fail_on: [3, 4] }\n", file: "demo.yaml")
        #expect(workflow.steps[0].action == .service(run: "serve", ready: "probe", readyTimeout: .seconds(600), failOn: [3, 4]))
    }

    @Test("a wait without its own timeout uses the step's timeout")
    func waitTimeoutFallsBackToStepTimeout() throws {
        let workflow = try WorkflowParser.parse(
            """
            version: 1
            name: demo
            steps:
              - id: poll
                wait: { until: "true", interval: 500ms }
                timeout: 2m
            """, file: "demo.yaml")
        #expect(workflow.steps[0].action == .wait(until: "true", interval: .milliseconds(500), timeout: .seconds(120)))
    }

    @Test("a step's retry is merged field by field over defaults.retry")
    func retryMergesOverDefaults() throws {
        let workflow = try WorkflowParser.parse(
            """
            version: 1
            name: demo
            defaults:
              retry: { attempts: 4, backoff: 2s, factor: 1.5, max_backoff: 30s, on: [failure], except_exit_codes: [3] }
            steps:
              - id: a
                run: "true"
                retry: { backoff: 7s }
              - id: b
                run: "true"
                retry: { on: [failure, timeout], except_exit_codes: [] }
            """, file: "demo.yaml")
        #expect(
            workflow.steps[0].retry
                == RetryPolicy(attempts: 4, backoff: .seconds(7), factor: 1.5, maxBackoff: .seconds(30), on: [.failure], exceptExitCodes: [3]))
        #expect(
            workflow.steps[1].retry
                == RetryPolicy(attempts: 4, backoff: .seconds(2), factor: 1.5, maxBackoff: .seconds(30), on: [.failure, .timeout], exceptExitCodes: []))
    }

    @Test("a step's if_output: null drops the pattern it would inherit; a quoted 'null' is a pattern")
    func ifOutputNullClearsDefault() throws {
        let workflow = try WorkflowParser.parse(
            """
            version: 1
            name: demo
            defaults:
              retry: { attempts: 3, if_output: '429' }
            steps:
              - id: inherits
                run: "true"
              - id: clears
                run: "true"
                retry: { if_output: null }
              - id: literal
                run: "true"
                retry: { if_output: 'null' }
            """, file: "demo.yaml")
        #expect(workflow.steps[0].retry.outputPattern == "429")
        #expect(workflow.steps[1].retry.outputPattern == nil)
        #expect(workflow.steps[1].retry.attempts == 3)
        #expect(workflow.steps[2].retry.outputPattern == "null")
    }

    @Test("a misspelt need is matched to the first close step in file order, never to the step itself")
    func needsHintIsStable() {
        let text = """
            version: 1
            name: demo
            steps:
              - id: s24
                run: "true"
              - id: s25
                run: "true"
              - id: s26
                run: "true"
              - id: s27
                run: "true"
              - id: s29
                needs: [s2]
                run: "true"
            """
        #expect(throws: WorkflowError.self) { try WorkflowParser.parse(text, file: "demo.yaml") }
        do {
            _ = try WorkflowParser.parse(text, file: "demo.yaml")
        } catch {
            #expect(error.description.contains("did you mean 's24'?"), "\(error)")
        }
    }

    @Test("a version given as text is accepted")
    func versionAsText() throws {
        let workflow = try WorkflowParser.parse("version: \"1\"\nname: demo\nsteps:\n  - id: a\n    run: \"true\"\n", file: "demo.yaml")
        #expect(workflow.name == "demo")
    }

    @Test("an error names the file, the line and the field")
    func errorDescription() {
        let error = WorkflowError.invalid(file: "demo.yaml", line: 6, field: "steps[0]", message: "unknown key 'tiemout'")
        #expect(error.description == "demo.yaml:6: steps[0]: unknown key 'tiemout'")
        #expect(WorkflowError.invalid(file: "demo.yaml", line: nil, field: "", message: "the file is empty").description == "demo.yaml: the file is empty")
        #expect(WorkflowError.syntax(file: "demo.yaml", line: 2, message: "bad").description == "demo.yaml:2: not valid YAML: bad")
    }

    // MARK: Broken files

    /// A file the parser must refuse, and what the refusal must say.
    struct BrokenFile: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        /// The line the error names; nil when the problem has no line (an empty file).
        var line: Int?
        /// The field path the error names; nil for a YAML syntax error.
        var field: String?
        /// Fragments the message must contain.
        var mentions: [String]
        var testDescription: String { name }
    }

    /// The first lines of a valid file, to which a case appends its steps (line 4 onward).
    static let head = "version: 1\nname: demo\nsteps:\n"

    static let brokenFiles: [BrokenFile] = [
        BrokenFile(
            name: "unknown top-level key", text: "version: 1\nname: demo\nstpes: []\n", line: 3, field: "",
            mentions: ["unknown key 'stpes'", "did you mean 'steps'?"]),
        BrokenFile(
            name: "typo tiemout suggests timeout", text: head + "  - id: a\n    run: echo a\n    tiemout: 10m\n", line: 6, field: "steps[0]",
            mentions: ["unknown key 'tiemout'", "did you mean 'timeout'?"]),
        BrokenFile(
            name: "step with two kinds", text: head + "  - id: a\n    run: echo a\n    await: go\n", line: 4, field: "steps[0]",
            mentions: ["exactly one of run, wait, service, await", "found run and await"]),
        BrokenFile(
            name: "step with no kind", text: head + "  - id: a\n    name: Nothing\n", line: 4, field: "steps[0]",
            mentions: ["exactly one of run, wait, service, await", "found none"]),
        BrokenFile(
            name: "step without an id", text: head + "  - run: echo a\n", line: 4, field: "steps[0]",
            mentions: ["missing required key 'id'"]),
        BrokenFile(
            name: "duplicate step id", text: head + "  - id: a\n    run: echo a\n  - id: a\n    run: echo b\n", line: 6, field: "steps[1]",
            mentions: ["step id 'a' is used twice"]),
        BrokenFile(
            name: "bad step id", text: head + "  - id: Build_All\n    run: make\n", line: 4, field: "steps[0].id",
            mentions: ["'Build_All' is not a valid step id"]),
        BrokenFile(
            name: "needs of an unknown step", text: head + "  - id: build\n    run: make\n  - id: test\n    needs: [biuld]\n    run: make test\n",
            line: 6, field: "steps[1]", mentions: ["needs 'biuld'", "not a step of this workflow", "did you mean 'build'?"]),
        BrokenFile(
            name: "an if_output that is not a regular expression", text: head + "  - id: a\n    run: az x\n    retry: { if_output: '(429' }\n", line: 6,
            field: "steps[0].retry.if_output", mentions: ["not a valid regular expression"]),
        BrokenFile(
            name: "a fail_on code out of range", text: head + "  - id: w\n    wait: { until: 'true', fail_on: [300] }\n", line: 5,
            field: "steps[0].wait.fail_on[0]", mentions: ["300 is not an exit code"]),
        BrokenFile(
            name: "a service fail_on without ready", text: head + "  - id: svc\n    service: { run: 'sleep 9', fail_on: [3] }\n", line: 5,
            field: "steps[0].service.fail_on", mentions: ["exit codes of the `ready` command", "has none"]),
        BrokenFile(
            name: "a wait step with a check", text: head + "  - id: w\n    wait: { until: 'true' }\n    check: 'true'\n", line: 6, field: "steps[0].check",
            mentions: ["a wait step cannot have a check probe"]),
        BrokenFile(
            name: "an await step with outputs", text: head + "  - id: gate\n    await: go\n    outputs: [X]\n", line: 6, field: "steps[0].outputs",
            mentions: ["an await step cannot write outputs"]),
        BrokenFile(
            name: "a service without ready but with outputs", text: head + "  - id: svc\n    service: { run: 'sleep 9' }\n    outputs: [X]\n", line: 6,
            field: "steps[0].outputs", mentions: ["from its `ready` command"]),
        BrokenFile(
            name: "a step that needs itself", text: head + "  - id: a\n    needs: [a]\n    run: echo a\n", line: 4, field: "steps[0]",
            mentions: ["step 'a' needs itself"]),
        BrokenFile(
            name: "needs cycle", text: head + "  - id: a\n    needs: [c]\n    run: echo a\n  - id: b\n    run: echo b\n  - id: c\n    run: echo c\n",
            line: 4, field: "steps", mentions: ["cycle", "a -> c -> b -> a"]),
        BrokenFile(
            name: "the same output from two steps",
            text: head + "  - id: a\n    run: echo a\n    outputs: [NSG_NAME]\n  - id: b\n    run: echo b\n    outputs: [NSG_NAME]\n",
            line: 7, field: "steps[1]", mentions: ["output 'NSG_NAME' is already declared by step 'a'"]),
        BrokenFile(
            name: "secret-looking output", text: head + "  - id: a\n    run: echo a\n    outputs: [ADMIN_PASSWORD]\n", line: 4, field: "steps[0]",
            mentions: ["output 'ADMIN_PASSWORD' looks like a secret"]),
        BrokenFile(
            name: "output listed under secrets",
            text: "version: 1\nname: demo\nsecrets: [KUBECONFIG_DATA]\nsteps:\n  - id: a\n    run: echo a\n    outputs: [KUBECONFIG_DATA]\n",
            line: 5, field: "steps[0]", mentions: ["output 'KUBECONFIG_DATA' looks like a secret"]),
        BrokenFile(
            name: "output with the name of a parameter",
            text: "version: 1\nname: demo\nparams: { REGION: westeurope }\nsteps:\n  - id: a\n    run: echo a\n    outputs: [REGION]\n",
            line: 5, field: "steps[0]", mentions: ["output 'REGION' has the name of a parameter"]),
        BrokenFile(
            name: "secret-looking parameter", text: "version: 1\nname: demo\nparams:\n  GITHUB_TOKEN: { required: true }\nsteps:\n  - id: a\n    run: echo a\n",
            line: 4, field: "params.GITHUB_TOKEN", mentions: ["parameter 'GITHUB_TOKEN' looks like a secret"]),
        BrokenFile(
            name: "bad duration", text: head + "  - id: a\n    run: echo a\n    timeout: 10x\n", line: 6, field: "steps[0].timeout",
            mentions: ["'10x' is not a duration", "500ms, 90s, 10m or 1h30m"]),
        BrokenFile(
            name: "bad duration inside wait", text: head + "  - id: a\n    wait: { until: \"true\", interval: soon }\n", line: 5,
            field: "steps[0].wait.interval", mentions: ["'soon' is not a duration"]),
        BrokenFile(
            name: "attempts 0", text: head + "  - id: a\n    run: echo a\n    retry: { attempts: 0 }\n", line: 6, field: "steps[0].retry.attempts",
            mentions: ["at least 1"]),
        BrokenFile(
            name: "attempts that is not a number", text: head + "  - id: a\n    run: echo a\n    retry: { attempts: three }\n", line: 6,
            field: "steps[0].retry.attempts", mentions: ["expected a whole number, found 'three'"]),
        BrokenFile(
            name: "factor below 1", text: head + "  - id: a\n    run: echo a\n    retry: { factor: 0.5 }\n", line: 6, field: "steps[0].retry.factor",
            mentions: ["factor must be at least 1"]),
        BrokenFile(
            name: "exit code out of range", text: head + "  - id: a\n    run: echo a\n    retry: { except_exit_codes: [1, 300] }\n", line: 6,
            field: "steps[0].retry.except_exit_codes[1]", mentions: ["300 is not an exit code"]),
        BrokenFile(
            name: "unknown retry trigger", text: head + "  - id: a\n    run: echo a\n    retry:\n      on: [failure, crash]\n", line: 7,
            field: "steps[0].retry.on[1]", mentions: ["'crash' is not a retry trigger", "failure or timeout"]),
        BrokenFile(
            name: "misspelt retry key", text: head + "  - id: a\n    run: echo a\n    retry:\n      attemps: 3\n", line: 7, field: "steps[0].retry",
            mentions: ["unknown key 'attemps'", "did you mean 'attempts'?"]),
        BrokenFile(
            name: "misspelt defaults key", text: "version: 1\nname: demo\ndefaults:\n  timout: 5m\nsteps:\n  - id: a\n    run: echo a\n", line: 4,
            field: "defaults", mentions: ["unknown key 'timout'", "did you mean 'timeout'?"]),
        BrokenFile(
            name: "bad attempts in defaults.retry",
            text: "version: 1\nname: demo\ndefaults:\n  retry: { attempts: 0 }\nsteps:\n  - id: a\n    run: echo a\n", line: 4,
            field: "defaults.retry.attempts", mentions: ["at least 1"]),
        BrokenFile(
            name: "version 2", text: "version: 2\nname: demo\nsteps:\n  - id: a\n    run: echo a\n", line: 1, field: "version",
            mentions: ["unsupported version '2'", "reads version 1"]),
        BrokenFile(
            name: "missing name", text: "version: 1\nsteps:\n  - id: a\n    run: echo a\n", line: 1, field: "",
            mentions: ["missing required key 'name'"]),
        BrokenFile(
            name: "missing version", text: "name: demo\nsteps:\n  - id: a\n    run: echo a\n", line: 1, field: "",
            mentions: ["missing required key 'version'"]),
        BrokenFile(
            name: "name with a space", text: "version: 1\nname: my workflow\nsteps:\n  - id: a\n    run: echo a\n", line: 2, field: "name",
            mentions: ["'my workflow' is not a valid name"]),
        BrokenFile(name: "missing steps", text: "version: 1\nname: demo\n", line: 1, field: "", mentions: ["missing required key 'steps'"]),
        BrokenFile(name: "no steps", text: "version: 1\nname: demo\nsteps: []\n", line: 3, field: "steps", mentions: ["at least one step"]),
        BrokenFile(name: "empty file", text: "", line: nil, field: "", mentions: ["the file is empty", "'version', 'name' and 'steps'"]),
        BrokenFile(name: "only a comment", text: "# nothing yet\n", line: nil, field: "", mentions: ["the file is empty"]),
        BrokenFile(name: "a list instead of a mapping", text: "- version: 1\n", line: 1, field: "", mentions: ["expected a mapping, found a list"]),
        BrokenFile(
            name: "invalid YAML syntax", text: "version: 1\nname: demo: extra\nsteps: []\n", line: 2, field: nil,
            mentions: ["mapping values are not allowed"]),
        BrokenFile(
            name: "a key given twice", text: head + "  - id: a\n    run: echo a\n    run: echo b\n", line: 5, field: nil,
            mentions: ["duplicate keys: run"]),
        BrokenFile(
            name: "parameter with both default and generate",
            text: "version: 1\nname: demo\nparams:\n  NAME: { default: x, generate: 'echo y' }\nsteps:\n  - id: a\n    run: echo a\n", line: 4,
            field: "params.NAME", mentions: ["only one of default, generate and required: true"]),
        BrokenFile(
            name: "default not in allowed",
            text: "version: 1\nname: demo\nparams:\n  FLAVOR: { default: blue, allowed: [red, green] }\nsteps:\n  - id: a\n    run: echo a\n", line: 4,
            field: "params.FLAVOR", mentions: ["default 'blue' of 'FLAVOR' is not one of allowed: red, green"]),
        BrokenFile(
            name: "alias to a value not in allowed",
            text: "version: 1\nname: demo\nparams:\n  FLAVOR: { allowed: [red], aliases: { rouge: blue } }\nsteps:\n  - id: a\n    run: echo a\n",
            line: 4, field: "params.FLAVOR", mentions: ["alias 'rouge' of 'FLAVOR' points at 'blue'"]),
        BrokenFile(
            name: "misspelt parameter key",
            text: "version: 1\nname: demo\nparams:\n  FLAVOR: { defualt: red }\nsteps:\n  - id: a\n    run: echo a\n", line: 4,
            field: "params.FLAVOR", mentions: ["unknown key 'defualt'", "did you mean 'default'?"]),
        BrokenFile(
            name: "bad parameter name", text: "version: 1\nname: demo\nparams:\n  1ST: x\nsteps:\n  - id: a\n    run: echo a\n", line: 4,
            field: "params.1ST", mentions: ["'1ST' is not a valid parameter name"]),
        BrokenFile(
            name: "bad env name", text: "version: 1\nname: demo\nenv: { MY-VAR: x }\nsteps:\n  - id: a\n    run: echo a\n", line: 3,
            field: "env.MY-VAR", mentions: ["'MY-VAR' is not a valid environment variable name"]),
        BrokenFile(
            name: "await with a check", text: head + "  - id: approve\n    await: go\n    check: \"true\"\n", line: 6, field: "steps[0].check",
            mentions: ["an await step cannot have a check probe"]),
        BrokenFile(
            name: "bad signal name", text: head + "  - id: approve\n    await: go ahead\n", line: 5, field: "steps[0].await",
            mentions: ["'go ahead' is not a valid signal name"]),
        BrokenFile(
            name: "wait without until", text: head + "  - id: poll\n    wait: { interval: 5s }\n", line: 5, field: "steps[0].wait",
            mentions: ["missing required key 'until'"]),
        BrokenFile(
            name: "a needs list of mappings", text: head + "  - id: a\n    run: echo a\n  - id: b\n    needs: [{ id: a }]\n    run: echo b\n", line: 7,
            field: "steps[1].needs[0]", mentions: ["expected a text value, found a mapping"]),
    ]

    @Test("a broken file is refused with its line, its field and a helpful message", arguments: brokenFiles)
    func refusesBrokenFile(_ broken: BrokenFile) {
        #expect(throws: WorkflowError.self) { try WorkflowParser.parse(broken.text, file: "broken.yaml") }
        do {
            _ = try WorkflowParser.parse(broken.text, file: "broken.yaml")
        } catch {
            expectError(error, line: broken.line, field: broken.field, mentions: broken.mentions)
        }
    }

    @Test("a parameter listed under secrets is refused, as an output would be")
    func refusesSecretParameter() {
        // Parameters are stored with the run (run.started), so a secret one would either be
        // written in clear or be masked to *** and lose its pinned value on resume.
        let text = "version: 1\nname: demo\nparams:\n  SP_CLIENT_KEY: { required: true }\nsecrets: [SP_CLIENT_KEY]\nsteps:\n  - id: a\n    run: echo a\n"
        #expect(throws: WorkflowError.self) { try WorkflowParser.parse(text, file: "broken.yaml") }
    }

    // MARK: Shipped workflows

    static let shippedWorkflows: [URL] = {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("workflows")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return files.filter { ["yaml", "yml"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }()

    @Test("every workflow in workflows/ is valid", arguments: shippedWorkflows)
    func shippedWorkflowIsValid(_ file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        let workflow = try WorkflowParser.parse(text, file: file.lastPathComponent)
        #expect(!workflow.steps.isEmpty)
    }
}

extension WorkflowParserTests {
    /// Checks that `error` is a `WorkflowError` at `line` naming `field` (nil: a syntax error)
    /// whose message contains every fragment of `mentions`.
    func expectError(
        _ error: any Error, line: Int?, field: String?, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error = error as? WorkflowError else {
            Issue.record("expected a WorkflowError, got \(error)", sourceLocation: sourceLocation)
            return
        }
        let message: String
        switch error {
        case let .syntax(file, actualLine, text):
            #expect(field == nil, "expected an invalid field, got a syntax error: \(error)", sourceLocation: sourceLocation)
            #expect(file == "broken.yaml", sourceLocation: sourceLocation)
            #expect(actualLine == line, "\(error)", sourceLocation: sourceLocation)
            message = text
        case let .invalid(file, actualLine, actualField, text):
            #expect(field == actualField, "\(error)", sourceLocation: sourceLocation)
            #expect(file == "broken.yaml", sourceLocation: sourceLocation)
            #expect(actualLine == line, "\(error)", sourceLocation: sourceLocation)
            message = text
        }
        for fragment in mentions {
            #expect(message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
        #expect(error.description.hasPrefix(line.map { "broken.yaml:\($0): " } ?? "broken.yaml: "), sourceLocation: sourceLocation)
    }
}
