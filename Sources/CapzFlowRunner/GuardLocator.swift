#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the `capzflow-guard` executable every step runs under.
///
/// SwiftPM builds the guard next to `capzflow` (and next to the test binary), so looking beside
/// the running executable finds it without configuration; `$CAPZFLOW_GUARD` overrides that for
/// installs that put it elsewhere.
public enum GuardLocator {
    /// The guard's file name.
    public static let executableName = "capzflow-guard"

    /// The path of the guard: `$CAPZFLOW_GUARD` if set, else the guard beside the running
    /// executable (or beside the `.xctest` bundle that contains it).
    ///
    /// - Throws: `RunnerError.guardMissing` naming the places looked at, when no executable
    ///   guard is there.
    public static func path() throws -> String {
        if let configured = getenv("CAPZFLOW_GUARD").map({ String(cString: $0) }), !configured.isEmpty {
            guard isExecutable(configured) else {
                throw RunnerError.guardMissing(
                    "CAPZFLOW_GUARD is set to \(configured), which is not an executable file; "
                        + "point it at the \(executableName) built by `swift build`, or unset it"
                )
            }
            return configured
        }
        let candidates = folders(of: runningExecutable()).map { $0 + "/" + executableName }
        if let found = candidates.first(where: isExecutable) {
            return found
        }
        throw RunnerError.guardMissing(
            "cannot find \(executableName) (looked at \(candidates.joined(separator: ", "))); "
                + "run `swift build` so it is built next to capzflow, or set CAPZFLOW_GUARD to its path"
        )
    }

    /// The resolved path of the running executable (the test binary when under `swift test`).
    private static func runningExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The executable's folder, then the folder holding the `.xctest` bundle it sits in, if any.
    private static func folders(of executable: String?) -> [String] {
        guard let executable else { return [] }
        let parts = executable.split(separator: "/", omittingEmptySubsequences: false)
        var folders = [parts.dropLast().joined(separator: "/")]
        if let bundle = parts.lastIndex(where: { $0.hasSuffix(".xctest") }), bundle < parts.count - 1 {
            folders.append(parts[..<bundle].joined(separator: "/"))
        }
        return folders
    }

    private static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }
}
