/// How a step's process ended.
///
/// A non-zero exit is data, not a Swift error: the runner turns every case into an event.
public enum StepTermination: Sendable, Equatable {
    /// The step ended by itself with this code: the script's exit code, 128+N if bash was killed
    /// by signal N, 125 if the guard could not start it, 127 if bash could not be executed.
    case exited(Int32)
    /// The guard itself was killed by this signal (for example a SIGKILL from outside capzflow).
    case signalled(Int32)
    /// The step ran longer than its `timeout` and its process group was torn down.
    case timedOut
    /// The step printed nothing for its `idleTimeout` and its process group was torn down.
    case idleTimedOut
    /// The calling task was cancelled (Ctrl-C) while the script ran, and its group was torn down.
    case cancelled
    /// The calling task was cancelled after `recordStart` returned but before the script was
    /// released: the step is recorded as started, yet nothing of it ran.
    case aborted
}
