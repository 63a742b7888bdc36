import Testing
@testable import CapzFlowCore

@Suite("Duration text")
struct DurationTextTests {
    struct ParseCase: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: Duration?
        var testDescription: String { "\"\(text)\" → \(expected.map { "\($0)" } ?? "refused")" }
    }

    static let accepted: [ParseCase] = [
        ParseCase(text: "500ms", expected: .milliseconds(500)),
        ParseCase(text: "90s", expected: .seconds(90)),
        ParseCase(text: "10m", expected: .seconds(600)),
        ParseCase(text: "1h30m", expected: .seconds(5_400)),
        ParseCase(text: "2d", expected: .seconds(172_800)),
        ParseCase(text: "1h30m15s250ms", expected: .milliseconds(5_415_250)),
        ParseCase(text: "1ms", expected: .milliseconds(1)),
        ParseCase(text: " 10m ", expected: .seconds(600)),
    ]

    static let refused: [ParseCase] = [
        ParseCase(text: "", expected: nil),
        ParseCase(text: "   ", expected: nil),
        ParseCase(text: "10", expected: nil),
        ParseCase(text: "m", expected: nil),
        ParseCase(text: "-5s", expected: nil),
        ParseCase(text: "10x", expected: nil),
        ParseCase(text: "0s", expected: nil),
        ParseCase(text: "0ms0s", expected: nil),
        ParseCase(text: "1.5h", expected: nil),
        ParseCase(text: "10 m", expected: nil),
        ParseCase(text: "10M", expected: nil),
        ParseCase(text: "1h30", expected: nil),
        // Too many digits for a 64-bit number.
        ParseCase(text: "99999999999999999999ms", expected: nil),
        // Fits in 64 bits, but not once turned into milliseconds.
        ParseCase(text: "9999999999999999d", expected: nil),
    ]

    @Test("a duration in the file notation is read", arguments: accepted)
    func parsesValidText(_ example: ParseCase) {
        #expect(DurationText.parse(example.text) == example.expected)
    }

    @Test("text that is not a positive duration is refused", arguments: refused)
    func refusesInvalidText(_ example: ParseCase) {
        #expect(DurationText.parse(example.text) == nil)
    }

    @Test("units whose sum overflows are refused rather than crashing")
    func refusesOverflowingSum() {
        // Each part fits in 64 bits of milliseconds on its own; their sum does not. An unchecked
        // sum would trap and take the test process down with it: a failure all the same. (Not an
        // exit test: Swift Testing's exit-test monitor then waits on every child of the process
        // with waitid(P_ALL, WNOWAIT) in a loop, and spins while any step process of another
        // test is an unreaped zombie.)
        #expect(DurationText.parse("9223372036854775s9223372036854775s") == nil)
    }

    struct FormatCase: Sendable, CustomTestStringConvertible {
        var duration: Duration
        var text: String
        var testDescription: String { text }
    }

    static let formats: [FormatCase] = [
        FormatCase(duration: .zero, text: "0ms"),
        FormatCase(duration: .milliseconds(120), text: "120ms"),
        FormatCase(duration: .milliseconds(999), text: "999ms"),
        FormatCase(duration: .seconds(1), text: "1s"),
        FormatCase(duration: .milliseconds(2_500), text: "2.5s"),
        FormatCase(duration: .milliseconds(59_900), text: "59.9s"),
        FormatCase(duration: .seconds(90), text: "1m30s"),
        FormatCase(duration: .seconds(600), text: "10m"),
        FormatCase(duration: .seconds(3_600), text: "1h"),
        FormatCase(duration: .seconds(5_400), text: "1h30m"),
        FormatCase(duration: .seconds(3_605), text: "1h5s"),
        FormatCase(duration: .seconds(172_800), text: "48h"),
    ]

    @Test("a duration is formatted compactly for people", arguments: formats)
    func formatsCompactly(_ example: FormatCase) {
        #expect(DurationText.format(example.duration) == example.text)
    }

    @Test(
        "formatting a whole-second or sub-second duration gives text that parses back to it",
        arguments: [Duration.milliseconds(1), .milliseconds(750), .seconds(1), .seconds(59), .seconds(61), .seconds(3_599), .seconds(86_400 + 61)]
    )
    func formatThenParse(_ duration: Duration) {
        #expect(DurationText.parse(DurationText.format(duration)) == duration)
    }
}
