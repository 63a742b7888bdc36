import Foundation

/// Runs blocking work (waiting in `poll` for a step's process) on a thread of its own, so that
/// it never holds one of the few threads Swift's concurrency runs every task on.
enum OwnThread {
    /// Runs `body` on a new thread and returns its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }
}
