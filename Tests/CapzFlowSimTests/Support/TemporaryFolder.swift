import Foundation

/// A fresh, uniquely named folder under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    /// The folder's absolute path.
    let path: String

    /// Creates the folder.
    init() throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("capzflow-sim-tests-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.standardizedFileURL.path
    }

    /// Deletes the folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The text of the file at `relative`, or nil.
    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }
}
