import Testing

/// Expects `result` to have exited with `code`; on failure the message shows the command and
/// everything it printed, and points at the caller.
@discardableResult
func expectExit(
    _ code: Int32, _ result: CommandResult, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    let matched = result.exitCode == code
    if !matched {
        let why = comment.map { "\($0): " } ?? ""
        Issue.record("\(why)expected exit \(code), got \(result)", sourceLocation: sourceLocation)
    }
    return matched
}
