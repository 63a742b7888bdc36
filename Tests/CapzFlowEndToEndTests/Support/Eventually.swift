import Foundation
import Testing

/// Polls `condition` until it holds, failing the test if it does not within `limit`.
///
/// This waits for an observable fact (a marker file, an event, a process gone), never for time;
/// `limit` is only a hang guard and says nothing about speed.
///
/// - Throws: `HangGuard` after recording an issue naming `what`.
func waitUntil(
    _ what: String, within limit: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        if ContinuousClock.now > deadline {
            Issue.record("hang guard: \(what) did not happen within \(limit)", sourceLocation: sourceLocation)
            throw HangGuard(what: what)
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}
