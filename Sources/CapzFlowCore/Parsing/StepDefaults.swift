/// The `defaults:` block: values every step starts from before its own fields apply.
struct StepDefaults {
    var timeout: Duration?
    var idleTimeout: Duration?
    var retry = RetryPolicy()

    static func read(_ reader: NodeReader) throws(WorkflowError) -> StepDefaults {
        let fields = try reader.mapping(allowed: ["timeout", "idle_timeout", "retry"])
        var defaults = StepDefaults()
        defaults.timeout = try fields["timeout"]?.duration()
        defaults.idleTimeout = try fields["idle_timeout"]?.duration()
        if let retry = fields["retry"] { defaults.retry = try WorkflowParser.readRetry(retry, base: defaults.retry) }
        return defaults
    }
}
