import Foundation

/// The file a step writes its outputs to (`NAME=value` lines, named by `$CAPZFLOW_OUTPUT`).
///
/// One file per attempt, so an attempt never reads a value its failed predecessor wrote. A
/// step that declares no outputs gets `/dev/null`: nothing it wrote would be read anyway, and
/// it saves creating a file for every attempt.
struct OutputFile {
    let path: String

    /// Creates an empty file (mode 0600) for an attempt to write to, or names `/dev/null`
    /// when the step declares no outputs.
    static func prepare(in folder: String, step: String, attempt: Int, declared: [String]) throws -> OutputFile {
        guard !declared.isEmpty else { return OutputFile(path: "/dev/null") }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = folder + "/\(step).\(attempt).out"
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return OutputFile(path: path)
    }

    /// The declared outputs the attempt wrote, or the names it failed to write.
    ///
    /// The last line for a name wins; names the step did not declare are ignored.
    func read(declared: [String]) -> (values: [String: String], missing: [String]) {
        guard !declared.isEmpty else { return ([:], []) }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var values: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = String(line[..<equals]).trimmingCharacters(in: .whitespaces)
            guard declared.contains(name) else { continue }
            values[name] = String(line[line.index(after: equals)...])
        }
        return (values, declared.filter { values[$0] == nil })
    }
}
