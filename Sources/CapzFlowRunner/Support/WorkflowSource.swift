import CapzFlowCore
import Foundation

/// Reads a workflow file from disk and parses it, turning every way a file can be wrong
/// into a `RunnerError` that names it.
public enum WorkflowSource {
    /// Files larger than this are refused before parsing: no workflow is anywhere near it,
    /// and a YAML parser fed a huge file can take very long.
    public static let maximumBytes = 1 << 20

    /// The text of the file at `path`.
    ///
    /// - Throws: `RunnerError.unreadableWorkflow` when it is missing, a folder, too large or
    ///   not UTF-8.
    public static func read(_ path: String) throws(RunnerError) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .unreadableWorkflow(path: path, reason: "no such file; `ls workflows/` lists the workflows of this repository")
        }
        guard !isFolder.boolValue else { throw .unreadableWorkflow(path: path, reason: "it is a folder, not a workflow file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableWorkflow(path: path, reason: "permission denied or not a regular file")
        }
        guard data.count <= maximumBytes else {
            throw .unreadableWorkflow(path: path, reason: "it is \(data.count) bytes; a workflow file may be at most \(maximumBytes) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadableWorkflow(path: path, reason: "it is not UTF-8 text")
        }
        return text
    }

    /// The parsed workflow in the file at `path`, with its text.
    public static func load(_ path: String) throws(RunnerError) -> LoadedWorkflow {
        let text = try read(path)
        do {
            return LoadedWorkflow(path: path, text: text, workflow: try WorkflowParser.parse(text, file: path))
        } catch {
            throw .workflow(error)
        }
    }
}
