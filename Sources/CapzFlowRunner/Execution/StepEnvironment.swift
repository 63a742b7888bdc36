import CapzFlowCore

/// The variables a step's processes see, in increasing precedence: the runner's own
/// environment (with `--env-file` values), the workflow's `env:`, the run's parameters, the
/// outputs of finished steps, the step's own `env:`, and capzflow's `CAPZFLOW_*` variables
/// (`CAPZFLOW_RUN_ID`, `CAPZFLOW_RUN_FOLDER`, `CAPZFLOW_STEP`, `CAPZFLOW_ATTEMPT`,
/// `CAPZFLOW_ATTEMPT_STARTED_AT`, `CAPZFLOW_OUTPUT`).
///
/// - Important: values reach scripts only as environment variables, never pasted into the
///   script text, so no value can inject a command.
struct StepEnvironment {
    let base: [String: String]
    let workflow: Workflow
    let runId: String
    /// The run's own folder beside its database: with the step's id, what tags a step's
    /// processes (a run id alone is not unique across databases).
    let runFolder: String

    func variables(for step: Step, attempt: Int, state: RunState, outputFile: String?) -> [String: String] {
        var vars = base
        for item in workflow.env { vars[item.name] = item.value }
        vars.merge(state.params) { _, new in new }
        vars.merge(state.outputs) { _, new in new }
        for item in step.env { vars[item.name] = item.value }
        vars["CAPZFLOW_RUN_ID"] = runId
        vars["CAPZFLOW_RUN_FOLDER"] = runFolder
        vars["CAPZFLOW_STEP"] = step.id
        vars["CAPZFLOW_ATTEMPT"] = String(attempt)
        // When the running attempt started (epoch seconds), so a poll can tell how long it
        // has waited without keeping state of its own.
        if let started = state.step(step.id).startedAt, state.step(step.id).status == .running {
            vars["CAPZFLOW_ATTEMPT_STARTED_AT"] = String(Int(started.timeIntervalSince1970))
        }
        if let outputFile { vars["CAPZFLOW_OUTPUT"] = outputFile }
        return vars
    }
}
