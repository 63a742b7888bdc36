import Foundation

/// The simulated `yq` (mikefarah/yq v4, CAPZ's `hack/tools/bin/yq`): evaluates an expression
/// on a YAML or JSON file (or stdin), prints the result, or with `-i` writes it back.
enum YqTool {
    private static let flags: [CommandFlags.Spec] = [
        .bool("--inplace", "-i"), .bool("--unwrapScalar", "-r"), .value("--output-format", "-o"),
        .value("--input-format", "-p"), .bool("--exit-status", "-e"), .bool("--null-input", "-n"),
        .bool("--prettyPrint", "-P"), .value("--indent", "-I"), .bool("--version", "-V"), .bool("--no-doc", "-N"),
    ]

    /// Whether a call with `arguments` reads stdin: an expression and no file, without `-n`.
    static func readsStandardInput(_ arguments: [String]) -> Bool {
        guard case .success(let parsed) = CommandFlags.parse(arguments, specs: flags),
            !parsed.isOn("--null-input"), !parsed.isOn("--version")
        else { return false }
        let words = parsed.positionals.drop { $0 == "eval" || $0 == "e" }
        return words.count == 1
    }

    /// Answers one call.
    static func run(_ invocation: ToolInvocation) -> ToolResult {
        let parsed: CommandFlags
        switch CommandFlags.parse(invocation.arguments, specs: flags) {
        case .failure(let failure): return .failure(failure.message.replacingOccurrences(of: "error: ", with: "Error: ") + "\n")
        case .success(let result): parsed = result
        }
        if parsed.isOn("--version") { return .ok("yq (https://github.com/mikefarah/yq/) version v4.45.4\n") }
        var words = parsed.positionals
        if let first = words.first, first == "eval" || first == "e" { words.removeFirst() }
        guard let text = words.first else { return .failure("Error: an expression is required\n") }
        let files = Array(words.dropFirst())
        let expression: YqExpression
        do {
            expression = try YqExpression.parse(text)
        } catch {
            return .failure("Error: \(error.message)\n")
        }
        let input: String
        if parsed.isOn("--null-input") {
            input = ""
        } else if let file = files.first {
            guard let contents = try? String(contentsOfFile: invocation.resolve(file), encoding: .utf8) else {
                return .failure("Error: open \(file): no such file or directory\n")
            }
            input = contents
        } else {
            input = invocation.readStandardInput()
        }
        let document: JSONValue
        do {
            document = try YAMLText.parse(input)
        } catch {
            return .failure("Error: bad file '\(files.first ?? "-")': \(error.message)\n")
        }
        let result: JSONValue
        do {
            result = try expression.evaluate(document, environment: invocation.environment)
        } catch {
            return .failure("Error: \(error.message)\n")
        }
        if parsed.isOn("--inplace") {
            guard let file = files.first else { return .failure("Error: write in place flag only applicable when giving an expression and at least one file\n") }
            do {
                try Data(YAMLText.render(result).utf8).write(to: URL(fileURLWithPath: invocation.resolve(file)))
            } catch {
                return .failure("Error: cannot write \(file): \(error.localizedDescription)\n")
            }
            return .ok()
        }
        let output: String
        switch (result, parsed.value("--output-format") ?? "yaml") {
        case (.string(let text), _) where !(parsed.value("--output-format") == "json"): output = text + "\n"
        case (_, "json"), (_, "j"): output = JSONText.render(result, style: .azure) + "\n"
        default: output = YAMLText.render(result)
        }
        let failing = parsed.isOn("--exit-status") && (result == .null || result == .bool(false))
        return ToolResult(stdout: output, exitCode: failing ? 1 : 0)
    }
}
