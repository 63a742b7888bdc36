import Foundation

/// The built `capzflow` executable these tests drive.
///
/// SwiftPM puts it in the same folder as the test bundle's executable (`.build/debug/` with a
/// plain `swift build`, or the folder of whatever `--scratch-path` both commands were given), so
/// it is looked up there first; `$CAPZFLOW_BIN` names it explicitly for any other layout.
enum CapzflowBinary {
    /// The variable that names the executable when it is not beside the test bundle.
    static let override = "CAPZFLOW_BIN"

    /// Why the executable could not be found, with what to do about it.
    struct NotFound: Error, CustomStringConvertible {
        let lookedAt: [String]

        var description: String {
            "cannot find the capzflow executable (looked at \(lookedAt.joined(separator: ", "))); "
                + "run `swift build` first (with the same --scratch-path as `swift test`), "
                + "or set \(CapzflowBinary.override) to its path"
        }
    }

    /// The executable's path, looked up once per test process.
    static let located: Result<String, NotFound> = {
        var candidates = folders().map { $0 + "/capzflow" }
        if let configured = ProcessInfo.processInfo.environment[override], !configured.isEmpty {
            candidates.append(configured)
        }
        var seen = Set<String>()
        candidates = candidates.filter { seen.insert($0).inserted }
        if let found = candidates.first(where: isExecutableFile) {
            return .success(found)
        }
        return .failure(NotFound(lookedAt: candidates))
    }()

    /// The executable's path.
    ///
    /// - Throws: `NotFound`, saying to run `swift build` first.
    static func path() throws -> String {
        try located.get()
    }

    /// Folders that may hold the executable: that of the running test executable (resolved
    /// through `/proc/self/exe`), the folder around a `.xctest` bundle, and that of argv[0].
    private static func folders() -> [String] {
        var executables: [String] = []
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            executables.append(resolved)
        }
        if let main = Bundle.main.executableURL?.resolvingSymlinksInPath().path {
            executables.append(main)
        }
        if let first = CommandLine.arguments.first, first.contains("/") {
            executables.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().path)
        }
        var folders: [String] = []
        for executable in executables {
            let parts = executable.split(separator: "/", omittingEmptySubsequences: false)
            folders.append(parts.dropLast().joined(separator: "/"))
            if let bundle = parts.lastIndex(where: { $0.hasSuffix(".xctest") }), bundle < parts.count - 1 {
                folders.append(parts[..<bundle].joined(separator: "/"))
            }
        }
        return folders
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
