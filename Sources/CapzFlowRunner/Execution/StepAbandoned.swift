/// Thrown from `recordStart` when the step may no longer start (the run was cancelled, or a
/// `skip` landed first): the guard then exits without running anything.
struct StepAbandoned: Error {}
