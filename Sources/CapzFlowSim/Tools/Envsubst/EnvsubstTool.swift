/// The `envsubst` of CAPZ's `hack/tools/bin` (drone/envsubst): copies stdin to stdout with
/// `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:=default}` and `${VAR=default}`
/// replaced from the environment (defaults may nest: `${A:=${B}-vnet}`); unset variables
/// become empty, and `$$` is a literal `$`.
enum EnvsubstTool {
    /// Answers one call.
    static func run(_ invocation: ToolInvocation) -> ToolResult {
        if invocation.arguments.contains("--help") || invocation.arguments.contains("-h") {
            return .ok("Usage: envsubst < INPUT > OUTPUT\n(simulated by capzflow-sim)\n")
        }
        var environment = invocation.environment
        return .ok(substitute(invocation.readStandardInput(), environment: &environment))
    }

    /// `text` with its variables replaced; `:=` assignments update `environment`.
    static func substitute(_ text: String, environment: inout [String: String]) -> String {
        let characters = Array(text)
        var index = 0
        return expand(characters, &index, until: nil, environment: &environment)
    }

    private static func isNameStart(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && character.isLetter)
    }

    private static func isName(_ character: Character) -> Bool {
        isNameStart(character) || (character.isASCII && character.isNumber)
    }

    private static func expand(
        _ characters: [Character], _ index: inout Int, until terminator: Character?, environment: inout [String: String]
    ) -> String {
        var output = ""
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            if let terminator, character == terminator, depth == 0 {
                return output
            }
            guard character == "$", index + 1 < characters.count else {
                if terminator != nil, character == "{" { depth += 1 }
                if terminator != nil, character == "}" { depth -= 1 }
                output.append(character)
                index += 1
                continue
            }
            let next = characters[index + 1]
            if next == "$" {
                output.append("$")
                index += 2
            } else if next == "{" {
                index += 2
                output += braced(characters, &index, environment: &environment)
            } else if isNameStart(next) {
                index += 1
                var name = ""
                while index < characters.count, isName(characters[index]) {
                    name.append(characters[index])
                    index += 1
                }
                output += environment[name] ?? ""
            } else {
                output.append(character)
                index += 1
            }
        }
        return output
    }

    private static func braced(_ characters: [Character], _ index: inout Int, environment: inout [String: String]) -> String {
        var name = ""
        while index < characters.count, isName(characters[index]) {
            name.append(characters[index])
            index += 1
        }
        guard index < characters.count else { return "" }
        var operation = ""
        if characters[index] == ":", index + 1 < characters.count, "-=".contains(characters[index + 1]) {
            operation = String(characters[index...index + 1])
            index += 2
        } else if "-=".contains(characters[index]) {
            operation = String(characters[index])
            index += 1
        }
        var fallback = ""
        if !operation.isEmpty {
            fallback = expand(characters, &index, until: "}", environment: &environment)
        }
        if index < characters.count, characters[index] == "}" { index += 1 }
        let value = environment[name]
        let nonEmpty = value.flatMap { $0.isEmpty ? nil : $0 }
        switch operation {
        case ":-": return nonEmpty ?? fallback
        case "-": return value ?? fallback
        case ":=":
            if let nonEmpty { return nonEmpty }
            environment[name] = fallback
            return fallback
        case "=":
            if let value { return value }
            environment[name] = fallback
            return fallback
        default: return value ?? ""
        }
    }
}
