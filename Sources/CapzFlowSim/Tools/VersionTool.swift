/// `go`, `wget` and `kustomize`, which a CAPZ workflow only checks for: they answer their
/// version and refuse anything else, so a rehearsal never pretends to build or download.
enum VersionTool {
    /// Answers one call.
    static func run(_ invocation: ToolInvocation) -> ToolResult {
        let arguments = invocation.arguments
        switch invocation.tool {
        case "go" where arguments == ["version"] || arguments == ["--version"] || arguments == ["version", "-m"]:
            return .ok("go version go1.24.5 linux/amd64\n")
        case "wget" where arguments == ["--version"] || arguments == ["-V"]:
            return .ok(
                "GNU Wget 1.21.4 built on linux-gnu.\n\n-cares +digest -gpgme +https +ipv6 +iri +large-file -metalink +nls\n"
                    + "\n(simulated by capzflow-sim)\n")
        case "kustomize" where arguments == ["version"] || arguments == ["--version"]:
            return .ok("v5.6.0\n")
        default:
            return .failure(
                "capzflow-sim: the simulated \(invocation.tool) only answers its version "
                    + "(\(invocation.tool == "wget" ? "--version" : "version")); "
                    + "\(invocation.tool) \(arguments.joined(separator: " ")) is not simulated\n", code: 2)
        }
    }
}
