/// A command that parsed fine but cannot do what was asked with this run (cancelling a run
/// that already succeeded, skipping a step that is running).
///
/// Unlike ArgumentParser's `ValidationError`, which is about the command line and prints the
/// usage, this prints only the reason. It exits 2, like all invalid input.
struct Refusal: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
