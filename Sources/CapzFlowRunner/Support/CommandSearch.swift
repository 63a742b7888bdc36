import Foundation

/// Finds programs on a `PATH`, for `requires.commands`.
public enum CommandSearch {
    /// The names in `commands` that no folder of `path` holds as an executable file.
    public static func missing(_ commands: [String], path: String?) -> [String] {
        let folders = (path ?? "").split(separator: ":").map(String.init)
        return commands.filter { command in
            if command.contains("/") { return !FileManager.default.isExecutableFile(atPath: command) }
            return !folders.contains { FileManager.default.isExecutableFile(atPath: $0 + "/" + command) }
        }
    }
}
