import Foundation
import Testing

/// A fresh, uniquely named folder for one test, removed when the test's suite instance goes away.
///
/// Swift Testing makes a new suite instance for every test, so a suite that stores one of these
/// gives each test its own folder, as GRDB's own tests do.
final class TemporaryFolder {
    /// The folder's location.
    let url: URL

    /// Creates the folder under the system's temporary directory.
    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("capzflow-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            Issue.record("could not remove the test folder \(url.path): \(error)")
        }
    }
}
