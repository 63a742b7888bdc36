/// What a shell started ahead of its step (`WarmShell`) reads after its go byte: the step's
/// variables and script, as bash source.
///
/// A warm shell was started with the runner's own environment, so it is handed only the
/// variables whose values differ, exported before the script runs, and the script, which runs
/// under `eval`. Each value is written in ANSI-C quoting (`$'…'`), so any byte arrives as it
/// was and nothing in a value is ever run.
///
/// - Important: only what a shell that is already running can take gets here: `source` returns
///   `nil` for anything bash reads while it starts (`BASH_ENV`, `SHELLOPTS`, exported functions,
///   `IFS`, …), a name bash cannot export, a working folder, or more than fits in one pipe
///   write; such a step gets a shell of its own, started for it.
enum ShellHandoff {
    /// The most bytes handed over: within a pipe's buffer, so writing them never waits on bash.
    /// A handoff cut short (the runner died while writing) lacks its end marker and runs nothing.
    static let maxBytes = 60 * 1024

    /// The prologue a warm shell runs as `bash -euo pipefail -c`: wait for the go byte on its
    /// standard input (the runner's channel), read the handoff to its end, check it is complete,
    /// take `/dev/null` as standard input, run the script. It exits 125, running nothing, when the
    /// channel closes first or brings anything else.
    static let prologue = StepProcess.waitForGo(on: 0)
        + #". /dev/fd/0; exec 0</dev/null; [ "${capzflow_ready-}" = 1 ] || exit 125; unset capzflow_go capzflow_ready; "#
        + #"eval "unset capzflow_script; $capzflow_script""#

    /// The go byte and the handoff for `request`, or `nil` when the step needs a shell of its own.
    /// - Parameter inherited: the environment the warm shell was started with.
    static func source(for request: StepProcessRequest, inherited: [String: String]) -> [UInt8]? {
        guard request.workingDirectory == nil else { return nil }
        var text = "g"
        let changed = request.environment.filter { inherited[$0.key] != $0.value }.sorted { $0.key < $1.key }
        if !changed.isEmpty {
            text += "export --"
            for (name, value) in changed {
                guard isExportable(name) else { return nil }
                text += " " + name + "=" + quoted(value)
            }
            text += "\n"
        }
        text += "capzflow_script=" + quoted(request.script) + "\ncapzflow_ready=1\n"
        let bytes = Array(text.utf8)
        return bytes.count <= maxBytes ? bytes : nil
    }

    /// `value` in ANSI-C quoting: printable ASCII as is (`\` and `'` escaped), every other byte
    /// as `\xHH` (newline as `\n`), so the whole value stays on one line.
    static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = Array("$'".utf8)
        bytes.reserveCapacity(value.utf8.count + 3)
        let hex = Array("0123456789abcdef".utf8)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "'"):
                bytes += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"):
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x20...0x7E:
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        bytes.append(UInt8(ascii: "'"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Variables bash reads while it starts, or treats as its own: a shell that already runs
    /// would not take them as a new one does.
    private static let readAtStart: Set<String> = [
        "ENV", "SHELLOPTS", "POSIXLY_CORRECT", "IFS", "PWD", "OLDPWD", "SHLVL", "UID", "EUID", "PPID", "GROUPS",
        "HOSTNAME", "HOSTTYPE", "MACHTYPE", "OSTYPE", "OPTIND", "OPTERR", "PS4", "TERM", "COLUMNS", "LINES",
        "HISTFILE", "INPUTRC", "MAIL", "MAILPATH", "MAILCHECK", "CDPATH", "GLOBIGNORE", "FUNCNEST", "TMOUT",
        "RANDOM", "SRANDOM", "SECONDS", "LINENO", "HISTCMD", "COMP_WORDBREAKS", "FUNCNAME", "DIRSTACK",
        "PIPESTATUS", "EPOCHSECONDS", "EPOCHREALTIME", "_",
    ]

    /// Whether a shell started ahead with `environment` starts as one started for its step would:
    /// nothing in it makes bash run or trace anything before the handoff (`BASH_ENV`, `ENV`,
    /// `SHELLOPTS`, `BASHOPTS`, exported functions).
    static func startsAlike(_ environment: [String: String]) -> Bool {
        !environment.keys.contains { ["BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS"].contains($0) || $0.hasPrefix("BASH_FUNC_") }
    }

    /// Whether `name` is a shell variable name a running bash can export as a new one would
    /// have inherited it.
    private static func isExportable(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        guard name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || isLetter($0) || (0x30...0x39).contains($0) }) else {
            return false
        }
        return !name.hasPrefix("BASH") && !name.hasPrefix("capzflow_") && !readAtStart.contains(name)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
