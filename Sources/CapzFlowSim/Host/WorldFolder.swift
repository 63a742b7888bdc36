import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of a world folder: `world.json`, the transcript `calls.jsonl`, and the lock file
/// that serialises the simulated tools (Tilt runs in the background while steps call az).
///
/// - Important: every read-modify-write of `world.json` happens under `flock` on `world.lock`,
///   and the file is replaced atomically (written aside, then renamed), so concurrent tools
///   never lose an update and a tool killed mid-write never leaves a torn file.
struct WorldFolder {
    /// The folder, absolute.
    let path: String

    /// `world.json`.
    var worldFile: String { path + "/world.json" }
    /// `calls.jsonl`.
    var transcriptFile: String { path + "/calls.jsonl" }
    /// `world.lock`.
    var lockFile: String { path + "/world.lock" }

    /// The folder at `path`, made absolute against the current directory.
    init(_ path: String) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        self.path = URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// Runs `body` holding the world's exclusive lock.
    ///
    /// - Throws: `SimError.fileSystem` when the lock file cannot be opened, or what `body` throws.
    func locked<T>(_ body: () throws(SimError) -> T) throws(SimError) -> T {
        let descriptor = open(lockFile, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SimError.fileSystem(path: lockFile, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw SimError.fileSystem(path: lockFile, reason: String(cString: strerror(errno)))
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Reads `world.json`.
    ///
    /// - Throws: `SimError.worldMissing` without it, `SimError.corruptWorld` when it does not decode.
    func load() throws(SimError) -> World {
        guard let data = FileManager.default.contents(atPath: worldFile) else { throw SimError.worldMissing(path) }
        do {
            return try JSONDecoder().decode(World.self, from: data)
        } catch {
            throw SimError.corruptWorld(path: worldFile, reason: "\(error)")
        }
    }

    /// The bytes `world` is stored as.
    static func encode(_ world: World) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Encoding plain Codable values into JSON cannot fail: no value is a float NaN or infinity.
        return (try? encoder.encode(world)) ?? Data()
    }

    /// Writes `world.json` atomically.
    ///
    /// - Throws: `SimError.fileSystem` when it cannot be written.
    func save(_ world: World) throws(SimError) {
        do {
            try Self.encode(world).write(to: URL(fileURLWithPath: worldFile), options: .atomic)
        } catch {
            throw SimError.fileSystem(path: worldFile, reason: error.localizedDescription)
        }
    }

    /// Appends `call` to the transcript (under the lock, so lines never interleave).
    ///
    /// - Throws: `SimError.fileSystem` when it cannot be written.
    func append(_ call: SimCall) throws(SimError) {
        let line = Data((call.transcriptLine + "\n").utf8)
        try locked { () throws(SimError) in
            let descriptor = open(transcriptFile, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw SimError.fileSystem(path: transcriptFile, reason: String(cString: strerror(errno)))
            }
            defer { close(descriptor) }
            let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == line.count else {
                throw SimError.fileSystem(path: transcriptFile, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// The transcript's calls, in the order they started.
    ///
    /// - Throws: `SimError.corruptTranscript` for a line that does not decode.
    func calls() throws(SimError) -> [SimCall] {
        guard let data = FileManager.default.contents(atPath: transcriptFile) else { return [] }
        var calls: [SimCall] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            do {
                calls.append(try SimCall.parse(line: String(line)))
            } catch {
                throw SimError.corruptTranscript(path: transcriptFile, line: number + 1, reason: error.message)
            }
        }
        return calls.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}
