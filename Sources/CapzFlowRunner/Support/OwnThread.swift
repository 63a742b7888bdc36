import Foundation

/// Runs blocking work (waiting in `poll` for a step's process) on a thread of its own, so that
/// it never holds one of the few threads Swift's concurrency runs every task on.
enum OwnThread {
    /// Runs `body` on a new thread and returns what it returned or threw.
    static func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async -> Result<T, E> {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Result(catching: body)) }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }
}
