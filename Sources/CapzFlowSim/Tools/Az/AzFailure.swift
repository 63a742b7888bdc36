/// An az error as the CLI prints it (`ERROR: …` on stderr) with its exit code.
///
/// Exit codes follow the CLI: 1 for an error, 2 for a command line it cannot parse, 3 for a
/// resource that does not exist (`ResourceNotFoundError`).
struct AzFailure: Error, Equatable {
    /// The text after `ERROR: ` (may span lines).
    var message: String
    /// The exit code.
    var exitCode: Int32

    /// The stderr text.
    var rendered: String { "ERROR: " + message + "\n" }

    /// An ARM error with its code, printed as azure-core prints `HttpResponseError`s.
    static func arm(code: String, message: String, exitCode: Int32 = 1) -> AzFailure {
        AzFailure(message: "(\(code)) \(message)\nCode: \(code)\nMessage: \(message)", exitCode: exitCode)
    }

    /// A resource that does not exist: `(ResourceNotFound)`, exit 3. `type` is the ARM type
    /// path (`Microsoft.Network/virtualNetworks/NAME`).
    static func notFound(_ typePath: String, group: String) -> AzFailure {
        arm(
            code: "ResourceNotFound",
            message: "The Resource '\(typePath)' under resource group '\(group)' was not found. "
                + "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
            exitCode: 3)
    }

    /// A resource group that does not exist: `(ResourceGroupNotFound)`, exit 3.
    static func groupNotFound(_ group: String) -> AzFailure {
        arm(code: "ResourceGroupNotFound", message: "Resource group '\(group)' could not be found.", exitCode: 3)
    }

    /// A command line argparse rejects, exit 2, with az's pointer to the reference docs.
    static func usage(_ message: String) -> AzFailure {
        AzFailure(message: message + "\n\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs", exitCode: 2)
    }

    /// A plain error, exit 1.
    static func plain(_ message: String) -> AzFailure {
        AzFailure(message: message, exitCode: 1)
    }

    /// A delete without `--yes`: az cannot ask for confirmation without a terminal.
    static let confirmationNeeded = AzFailure.plain("Unable to prompt for confirmation as no tty available. Use --yes.")

    /// Not logged in.
    static let loginRequired = AzFailure.plain("Please run 'az login' to setup account.")

    /// HTTP 429 from Azure Resource Manager (the `throttle` fault).
    static let throttled = AzFailure.arm(
        code: "TooManyRequests",
        message: "The request is being throttled as the limit has been reached for operation type - "
            + "Read_ObservationWindow_00:05:00 (HTTP 429 Too Many Requests). Retry after 5 seconds. "
            + "For more information, refer - https://aka.ms/srpthrottlinglimits")
}
