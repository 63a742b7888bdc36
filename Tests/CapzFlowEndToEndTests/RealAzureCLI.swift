import Foundation

/// The real Azure CLI, when it is installed (`.venv-azure/bin/az` in the repository, or
/// `$CAPZFLOW_REAL_AZ`): used only to check that a command line parses. Without a login a
/// well-formed command stops at "Please run 'az login'" (exit 1); a malformed one exits 2.
enum RealAzureCLI {
    static var path: String? {
        if let configured = ProcessInfo.processInfo.environment["CAPZFLOW_REAL_AZ"], FileManager.default.isExecutableFile(atPath: configured) {
            return configured
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let local = repository.appendingPathComponent(".venv-azure/bin/az").path
        return FileManager.default.isExecutableFile(atPath: local) ? local : nil
    }

    /// Runs `az argv` with its own empty configuration folder (so no login is ever used).
    static func run(_ az: String, _ argv: [String], in configFolder: String) async throws -> (exitCode: Int32, stderr: String) {
        try FileManager.default.createDirectory(atPath: configFolder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: az)
        process.arguments = argv
        var environment = ProcessInfo.processInfo.environment
        environment["AZURE_CONFIG_DIR"] = configFolder
        environment["AZURE_CORE_COLLECT_TELEMETRY"] = "false"
        process.environment = environment
        let errors = configFolder + "/stderr-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")
    }
}
