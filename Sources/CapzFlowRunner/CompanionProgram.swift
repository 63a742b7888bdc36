#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Finds the programs SwiftPM builds beside `capzflow`: `capzflow-guard`, which every step runs
/// under, and `capzflow-sim`, the simulated tools of `--simulate`.
///
/// Looking beside the running executable (or beside the test binary) finds them without
/// configuration; an environment variable overrides that for installs that put them elsewhere.
public enum CompanionProgram {
    /// The guard's file name.
    public static let guardName = "capzflow-guard"
    /// The simulator's file name.
    public static let simulatorName = "capzflow-sim"

    /// The guard: `$CAPZFLOW_GUARD` if set, else beside the running executable.
    ///
    /// - Throws: `RunnerError.companionMissing` naming the places looked at.
    public static func guardPath() throws(RunnerError) -> String {
        try path(named: guardName, overrideVariable: "CAPZFLOW_GUARD")
    }

    /// The simulator: `$CAPZFLOW_SIM` if set, else beside the running executable.
    ///
    /// - Throws: `RunnerError.companionMissing` naming the places looked at.
    public static func simulatorPath() throws(RunnerError) -> String {
        try path(named: simulatorName, overrideVariable: "CAPZFLOW_SIM")
    }

    /// `$variable` if set (made absolute: a step may be spawned in another folder), else the
    /// program `name` beside the running executable (or beside the `.xctest` bundle that
    /// contains it).
    static func path(named name: String, overrideVariable variable: String) throws(RunnerError) -> String {
        if let configured = getenv(variable).map({ String(cString: $0) }), !configured.isEmpty {
            guard isExecutable(configured) else {
                throw RunnerError.companionMissing(
                    "\(variable) is set to \(configured), which is not an executable file; "
                        + "point it at the \(name) built by `swift build`, or unset it"
                )
            }
            return configured.hasPrefix("/") ? configured : FileManager.default.currentDirectoryPath + "/" + configured
        }
        let candidates = folders(of: runningExecutable()).map { $0 + "/" + name }
        if let found = candidates.first(where: isExecutable) {
            return found
        }
        throw RunnerError.companionMissing(
            "cannot find \(name) (looked at \(candidates.joined(separator: ", "))); "
                + "run `swift build` so it is built next to capzflow, or set \(variable) to its path"
        )
    }

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
