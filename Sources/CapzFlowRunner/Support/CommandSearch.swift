import Foundation

/// Finds programs on a `PATH`, for `requires.commands`.
public enum CommandSearch {
    /// The names in `commands` that no folder of `path` holds as an executable file.
    public static func missing(_ commands: [String], path: String?) -> [String] {
        commands.filter { location(of: $0, path: path) == nil }
    }

    /// Where `command` is: itself when it names a path, else the first folder of `path` that
    /// holds it as an executable file; `nil` when nothing does.
    public static func location(of command: String, path: String?) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        return (path ?? "").split(separator: ":").lazy
            .map { $0 + "/" + command }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
