#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a step's output bytes into lines, holding at most one partial line of bounded size.
///
/// Lines end at `\n` only (a `\r` stays in the line, as progress bars print it). Invalid UTF-8
/// is decoded lossily. A line longer than `maxLineBytes` keeps its first bytes (cut on a
/// character boundary) and ends with a marker saying how many bytes were dropped, so a step
/// that prints a gigabyte without a newline cannot grow memory.
struct OutputLineBuffer {
    private let maxLineBytes: Int
    /// The current line's kept bytes; never more than `maxLineBytes`.
    private var pending: [UInt8] = []
    /// How many bytes of the current line were dropped.
    private var dropped = 0

    init(maxLineBytes: Int) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// The marker appended to a cut line.
    static func cutMarker(droppedBytes: Int) -> String {
        " …[cut: \(droppedBytes) bytes]"
    }

    /// Adds bytes and returns the lines they completed, in order.
    mutating func append(_ bytes: UnsafeRawBufferPointer) -> [String] {
        guard let base = bytes.baseAddress else { return [] }
        var lines: [String] = []
        var start = 0
        while let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
            let end = base.distance(to: UnsafeRawPointer(found))
            let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            if pending.isEmpty, line.count <= maxLineBytes {
                lines.append(String(decoding: line, as: UTF8.self))
            } else {
                keep(line)
                lines.append(takeLine())
            }
            start = end + 1
        }
        keep(UnsafeRawBufferPointer(rebasing: bytes[start...]))
        return lines
    }

    /// Returns the last line if the output did not end with a newline.
    mutating func finish() -> String? {
        pending.isEmpty && dropped == 0 ? nil : takeLine()
    }

    private mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        let room = maxLineBytes - pending.count
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes.prefix(room)))
        dropped += max(0, bytes.count - room)
    }

    private mutating func takeLine() -> String {
        defer {
            pending.removeAll(keepingCapacity: true)
            dropped = 0
        }
        guard dropped > 0 else {
            return String(decoding: pending, as: UTF8.self)
        }
        let whole = Self.completeCharactersPrefix(pending)
        let cut = dropped + pending.count - whole
        return String(decoding: pending[..<whole], as: UTF8.self) + Self.cutMarker(droppedBytes: cut)
    }

    /// The length of `bytes` without a UTF-8 sequence left incomplete at its end.
    private static func completeCharactersPrefix(_ bytes: [UInt8]) -> Int {
        var lead = bytes.count
        // Step back over up to three continuation bytes (10xxxxxx) to the sequence's lead byte.
        while lead > 0, bytes.count - lead < 4, bytes[lead - 1] & 0xC0 == 0x80 {
            lead -= 1
        }
        guard lead > 0 else { return bytes.count }
        let first = bytes[lead - 1]
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        return bytes.count - (lead - 1) >= length ? bytes.count : lead - 1
    }
}
