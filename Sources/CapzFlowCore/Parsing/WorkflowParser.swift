import Yams

/// Turns the text of a workflow file (format version 1) into a validated `Workflow`.
///
/// Parsing is pure: the caller reads the file and passes its text and a display name. Every
/// refusal is a `WorkflowError` naming the file, line and field; nothing is guessed.
public enum WorkflowParser {
    static let topKeys = ["version", "name", "description", "params", "env", "requires", "secrets", "defaults", "steps"]
    static let paramKeys = ["default", "generate", "required", "allowed", "aliases", "description"]
    static let stepKeys = [
        "id", "name", "needs", "run", "wait", "service", "await", "check", "timeout", "idle_timeout",
        "retry", "env", "outputs",
    ]
    static let retryKeys = ["attempts", "backoff", "factor", "max_backoff", "on", "except_exit_codes", "if_output"]
    static let defaultTimeout: Duration = .seconds(1_800)

    /// Parses and validates `text`, which came from `file` (used only in messages).
    ///
    /// - Throws: `WorkflowError` for YAML syntax errors and for any field that is missing,
    ///   unknown, malformed or inconsistent with another.
    public static func parse(_ text: String, file: String) throws(WorkflowError) -> Workflow {
        let root: Node
        do {
            // Values are read as written (NodeReader), never by their resolved tags, so the
            // basic resolver serves: the default one compiles a dozen regular expressions first.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw WorkflowError.invalid(file: file, line: nil, field: "", message: "the file is empty; a workflow needs at least 'version', 'name' and 'steps'")
            }
            root = node
        } catch let error as WorkflowError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, file: file, text: text)
        } catch {
            throw WorkflowError.syntax(file: file, line: nil, message: "\(error)")
        }
        let top = try NodeReader(node: root, path: "", file: file).mapping(allowed: topKeys)
        let version = try top.required("version")
        guard try version.string() == "1" else {
            throw version.fail("unsupported version '\(try version.string())'; this capzflow reads version 1")
        }
        let nameReader = try top.required("name")
        let name = try nameReader.string()
        guard WorkflowNames.isWorkflowName(name) else {
            throw nameReader.fail("'\(name)' is not a valid name; use letters, digits, '.', '_' and '-'")
        }
        let defaults = try top["defaults"].map { reader throws(WorkflowError) in try StepDefaults.read(reader) } ?? StepDefaults()
        let secrets = try top["secrets"].map { reader throws(WorkflowError) in try readNames(reader) } ?? []
        let params = try top["params"].map { reader throws(WorkflowError) in try readParams(reader, secrets: secrets) } ?? []
        let env = try top["env"].map { reader throws(WorkflowError) in try readEnv(reader) } ?? []
        let requires = try top["requires"].map { reader throws(WorkflowError) in try readRequirements(reader) } ?? Requirements()
        let stepsReader = try top.required("steps")
        let stepReaders = try stepsReader.list()
        guard !stepReaders.isEmpty else { throw stepsReader.fail("a workflow needs at least one step") }
        var steps: [Step] = []
        for (index, reader) in stepReaders.enumerated() {
            steps.append(try readStep(reader, previous: index > 0 ? steps[index - 1].id : nil, defaults: defaults))
        }
        let workflow = Workflow(
            name: name, description: try top["description"]?.string(), params: params, env: env,
            requires: requires, secrets: secrets, steps: steps)
        try WorkflowValidator(workflow: workflow, readers: stepReaders, file: file).validate()
        return workflow
    }

    private static func syntaxError(_ error: YamlError, file: String, text: String) -> WorkflowError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return .syntax(file: file, line: mark.line, message: detail + problem)
        case let .reader(problem, offset, _, _):
            // The reader (a control character, bad encoding) gives a byte offset, not a line.
            let line = offset.map { offset in text.utf8.prefix(offset).lazy.filter { $0 == UInt8(ascii: "\n") }.count + 1 }
            return .syntax(file: file, line: line, message: problem)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .syntax(file: file, line: context.mark.line, message: "duplicate keys: \(duplicates.joined(separator: ", "))")
        default:
            return .syntax(file: file, line: nil, message: "\(error)")
        }
    }

    private static func readParams(_ reader: NodeReader, secrets: [String]) throws(WorkflowError) -> [ParamSpec] {
        var params: [ParamSpec] = []
        for (name, entry) in try reader.mapping(allowed: []).ordered {
            guard WorkflowNames.isVariableName(name) else {
                throw entry.fail("'\(name)' is not a valid parameter name; use letters, digits and '_', not starting with a digit")
            }
            var spec = ParamSpec(name: name)
            if case .scalar = entry.node {
                spec.defaultValue = try entry.string()
            } else {
                let fields = try entry.mapping(allowed: paramKeys)
                spec.defaultValue = try fields["default"]?.string()
                spec.generate = try fields["generate"]?.string()
                spec.required = try fields["required"]?.bool() ?? false
                spec.allowed = try fields["allowed"]?.strings() ?? []
                spec.description = try fields["description"]?.string()
                if let aliases = fields["aliases"] {
                    for (alias, target) in try aliases.mapping(allowed: []).ordered {
                        spec.aliases[alias] = try target.string()
                    }
                }
            }
            try ParamRules.check(spec, secrets: secrets, reader: entry)
            params.append(spec)
        }
        return params
    }

    static func readEnv(_ reader: NodeReader) throws(WorkflowError) -> [EnvVar] {
        var vars: [EnvVar] = []
        for (name, value) in try reader.mapping(allowed: []).ordered {
            guard WorkflowNames.isVariableName(name) else {
                throw value.fail("'\(name)' is not a valid environment variable name")
            }
            vars.append(EnvVar(name: name, value: try value.string()))
        }
        return vars
    }

    private static func readNames(_ reader: NodeReader) throws(WorkflowError) -> [String] {
        let names = try reader.strings()
        for (index, name) in names.enumerated() where !WorkflowNames.isVariableName(name) {
            throw try reader.list()[index].fail("'\(name)' is not a valid variable name")
        }
        return names
    }

    private static func readRequirements(_ reader: NodeReader) throws(WorkflowError) -> Requirements {
        let fields = try reader.mapping(allowed: ["env", "commands"])
        return Requirements(
            env: try fields["env"].map { r throws(WorkflowError) in try readNames(r) } ?? [],
            commands: try fields["commands"]?.strings() ?? [])
    }

    private static func readStep(_ reader: NodeReader, previous: String?, defaults: StepDefaults) throws(WorkflowError) -> Step {
        let fields = try reader.mapping(allowed: stepKeys)
        let idReader = try fields.required("id")
        let id = try idReader.string()
        guard WorkflowNames.isStepId(id) else {
            throw idReader.fail("'\(id)' is not a valid step id; use lower-case letters, digits and '-'")
        }
        let kinds = ["run", "wait", "service", "await"].filter { fields[$0] != nil }
        guard kinds.count == 1 else {
            let found = kinds.isEmpty ? "none" : kinds.joined(separator: " and ")
            throw reader.fail("step '\(id)' must have exactly one of run, wait, service, await (found \(found))")
        }
        let timeout = try fields["timeout"]?.duration() ?? defaults.timeout ?? defaultTimeout
        let action: StepAction
        switch kinds[0] {
        case "run":
            action = .run(script: try fields.required("run").string())
        case "wait":
            if let check = fields["check"] { throw check.fail("a wait step cannot have a check probe: its `until` command already is one") }
            let wait = try fields.required("wait").mapping(allowed: ["until", "interval", "timeout", "fail_on"])
            action = .wait(
                until: try wait.required("until").string(),
                interval: try wait["interval"]?.duration() ?? .seconds(10),
                timeout: try wait["timeout"]?.duration() ?? timeout,
                failOn: try readFailOn(wait))
        case "service":
            let service = try fields.required("service").mapping(allowed: ["run", "ready", "ready_timeout", "fail_on"])
            let ready = try service["ready"]?.string()
            if ready == nil, let outputs = fields["outputs"] {
                throw outputs.fail("a service step writes its outputs from its `ready` command, and this one has none")
            }
            if ready == nil, let failOn = service["fail_on"] {
                throw failOn.fail("fail_on lists exit codes of the `ready` command, and this service has none")
            }
            action = .service(
                run: try service.required("run").string(), ready: ready,
                readyTimeout: try service["ready_timeout"]?.duration() ?? .seconds(600),
                failOn: try readFailOn(service))
        default:
            let signalReader = try fields.required("await")
            let signal = try signalReader.string()
            guard WorkflowNames.isSignalName(signal) else {
                throw signalReader.fail("'\(signal)' is not a valid signal name; use letters, digits, '.', '_' and '-'")
            }
            if let check = fields["check"] { throw check.fail("an await step cannot have a check probe") }
            if let outputs = fields["outputs"] { throw outputs.fail("an await step cannot write outputs") }
            action = .await(signal: signal)
        }
        var retry = defaults.retry
        if let retryReader = fields["retry"] { retry = try readRetry(retryReader, base: retry) }
        let needs: [String]
        if let needsReader = fields["needs"] {
            if case .scalar = needsReader.node {
                needs = [try needsReader.string()]
            } else {
                needs = try needsReader.strings()
            }
        } else {
            needs = previous.map { [$0] } ?? []
        }
        return Step(
            id: id, name: try fields["name"]?.string(), needs: needs, action: action,
            check: try fields["check"]?.string(), timeout: timeout,
            idleTimeout: try fields["idle_timeout"]?.duration() ?? defaults.idleTimeout,
            retry: retry, env: try fields["env"].map { r throws(WorkflowError) in try readEnv(r) } ?? [],
            outputs: try fields["outputs"].map { r throws(WorkflowError) in try readNames(r) } ?? [])
    }

    static func readRetry(_ reader: NodeReader, base: RetryPolicy) throws(WorkflowError) -> RetryPolicy {
        let fields = try reader.mapping(allowed: retryKeys)
        var retry = base
        if let attempts = fields["attempts"] {
            retry.attempts = try attempts.int()
            guard retry.attempts >= 1 else { throw attempts.fail("attempts counts the first attempt, so it must be at least 1") }
        }
        if let backoff = fields["backoff"] { retry.backoff = try backoff.duration() }
        if let factor = fields["factor"] {
            retry.factor = try factor.double()
            guard retry.factor >= 1 else { throw factor.fail("factor must be at least 1") }
        }
        if let maxBackoff = fields["max_backoff"] { retry.maxBackoff = try maxBackoff.duration() }
        if let on = fields["on"] {
            var triggers: Set<RetryPolicy.Trigger> = []
            for item in try on.list() {
                let text = try item.string()
                guard let trigger = RetryPolicy.Trigger(rawValue: text) else {
                    throw item.fail("'\(text)' is not a retry trigger; use failure or timeout")
                }
                triggers.insert(trigger)
            }
            retry.on = triggers
        }
        if let codes = fields["except_exit_codes"] { retry.exceptExitCodes = try readExitCodes(codes) }
        if let pattern = fields["if_output"] {
            if pattern.isNull {
                retry.outputPattern = nil
            } else {
                let text = try pattern.string()
                guard (try? Regex(text)) != nil else {
                    throw pattern.fail("'\(text)' is not a valid regular expression")
                }
                retry.outputPattern = text
            }
        }
        return retry
    }

    /// The `fail_on` codes of a `wait` or `service` mapping; none when absent.
    static func readFailOn(_ mapping: MappingReader) throws(WorkflowError) -> Set<Int32> {
        try mapping["fail_on"].map { reader throws(WorkflowError) in try readExitCodes(reader) } ?? []
    }

    static func readExitCodes(_ reader: NodeReader) throws(WorkflowError) -> Set<Int32> {
        var set: Set<Int32> = []
        for item in try reader.list() {
            let code = try item.int()
            guard (0...255).contains(code) else { throw item.fail("\(code) is not an exit code (0-255)") }
            set.insert(Int32(code))
        }
        return set
    }
}
