import Foundation

/// A real second process (python3 with its sqlite3 module) that holds the database's write lock
/// until told to commit.
///
/// It prints `locked` once it holds the lock, so a test waits for that marker, never for time.
final class LockHoldingProcess {
    /// Whether python3 with sqlite3 can be run here; tests that need it are skipped otherwise.
    static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    private static let script = """
        import sqlite3, sys
        connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE run SET status = status WHERE 0")
        print("locked", flush=True)
        sys.stdin.readline()
        connection.execute("COMMIT")
        connection.close()
        """

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    /// Starts the process and returns once it holds the write lock of the database at `path`.
    init(path: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()

        var received = Data()
        while !received.contains(UInt8(ascii: "\n")) {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else {
                throw LockHolderError(message: "python3 exited before taking the lock")
            }
            received.append(data)
        }
        guard String(decoding: received, as: UTF8.self) == "locked\n" else {
            throw LockHolderError(message: "python3 printed \(String(decoding: received, as: UTF8.self))")
        }
    }

    /// Tells the process to commit, and waits for it to exit.
    func release() throws {
        try input.fileHandleForWriting.write(contentsOf: Data("commit\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LockHolderError(message: "python3 exited with status \(process.terminationStatus)")
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
        }
    }
}

/// The lock-holding process did not behave as the test expects.
struct LockHolderError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
