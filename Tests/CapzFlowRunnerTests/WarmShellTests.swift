import Foundation
import Testing

@testable import CapzFlowRunner

/// Shells started ahead of their step: the handoff carries every value unchanged, a step runs
/// in them as in a shell of its own, and one that cannot be used never costs a step.
@Suite("Warm shells", .timeLimit(.minutes(1)))
struct WarmShellTests {
    let guardPath: String

    init() throws {
        guardPath = try ProcessFixture.guardPath()
    }

    /// Prints `warm` or `cold`: bash started for the step was given the script itself, which
    /// holds this line, while a warm shell's bash was given only the handoff prologue.
    static let mode = #"case $BASH_EXECUTION_STRING in *esac*) echo cold ;; *) echo warm ;; esac"#

    /// Runs `request` through `pool`, recording its output.
    private func run(
        _ request: StepProcessRequest, in pool: ShellPool,
        recordStart: @escaping @Sendable (Int32) async throws -> Void = { _ in }
    ) async throws -> (StepProcessResult, [String]) {
        let recorder = ProcessFixture.OutputRecorder()
        do {
            let result = try await pool.run(request, recordStart: recordStart, output: { await recorder.record($0) })
            await recorder.finish()
            return (result, await recorder.lines)
        } catch {
            await recorder.finish()
            throw error
        }
    }

    /// A pool whose waiting shell has been started: one step has run.
    private func warmedPool() async throws -> ShellPool {
        let pool = ShellPool(guardPath: guardPath)
        #expect(pool.waiting.count == 2, "two shells start with the pool")
        try await ProcessFixture.expectEventually { pool.waiting.first?.isReady == true }
        let (first, lines) = try await run(StepProcessRequest(script: Self.mode, timeout: .seconds(30)), in: pool)
        #expect(first.termination == .exited(0))
        #expect(lines == ["warm"], "a step takes the oldest shell once it is ready")
        return pool
    }

    @Test("the second step runs in the shell started ahead, with every variable's bytes, $0 and line numbers as in a shell of its own")
    func valuesArriveUnchanged() async throws {
        let pool = try await warmedPool()
        let awkward = "quote ' double \" back \\ dollar $(touch /nonexistent) `x` \n newline \t tab \u{1} ü 日本"
        let script = """
            \(Self.mode)
            printf '%s' "$AWKWARD" | od -An -tx1 | tr -d ' \\n'; echo
            echo "$0 line $LINENO $PLAIN"
            """
        let request = StepProcessRequest(
            script: script, environment: ["AWKWARD": awkward, "PLAIN": "plain", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""],
            timeout: .seconds(30))
        let (result, lines) = try await run(request, in: pool)
        await pool.close()
        #expect(result.termination == .exited(0))
        let hex = Array(awkward.utf8).map { String(format: "%02x", $0) }.joined()
        #expect(lines == ["warm", hex, "bash line 3 plain"])
    }

    @Test("the same script gives the same output, exit code and failures warm and cold", arguments: [
        "false; echo unreachable",
        "echo \"$CAPZFLOW_SURELY_UNSET_VARIABLE\"; echo unreachable",
        "false | true; echo unreachable",
        "exit 7",
        "if then",
        "kill -KILL $$",
    ])
    func sameAsCold(script: String) async throws {
        let cold = try await ProcessFixture.run(
            StepProcessRequest(script: script, timeout: .seconds(30)), guardPath: guardPath, into: ProcessFixture.OutputRecorder())
        let pool = try await warmedPool()
        let (warm, _) = try await run(StepProcessRequest(script: "\(Self.mode) >/dev/null; " + script, timeout: .seconds(30)), in: pool)
        await pool.close()
        #expect(warm.termination == cold.termination)
    }

    @Test("a warm step whose start cannot be recorded runs nothing")
    func heldBack() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let marker = folder + "/ran"
            let pool = try await warmedPool()
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                _ = try await run(
                    StepProcessRequest(script: #"touch "$MARKER""#, environment: ["MARKER": marker], timeout: .seconds(30)),
                    in: pool, recordStart: { _ in throw Refused() })
            }
            await pool.close()
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test("a warm step is timed out like any other, its whole group torn down")
    func timeout() async throws {
        let pool = try await warmedPool()
        let script = """
            \(Self.mode)
            ( exec sleep 1000 ) &
            echo "background $! $(cut -d' ' -f22 /proc/$!/stat)"
            sleep 1000
            """
        let recorder = ProcessFixture.OutputRecorder()
        let result = try await pool.run(
            StepProcessRequest(script: script, timeout: .seconds(1), killGrace: .milliseconds(300)),
            recordStart: { _ in }, output: { await recorder.record($0) })
        await recorder.finish()
        await pool.close()
        #expect(result.termination == .timedOut)
        #expect(await recorder.lines.first == "warm")
        let background = try #require(await recorder.identity(after: "background "))
        try await ProcessFixture.expectEventually { !background.isAlive }
    }

    @Test("two shells wait; one that was killed is not used: the step takes the next, or a shell of its own")
    func killedShellIsSkipped() async throws {
        let pool = try await warmedPool()
        let spares = pool.waiting
        #expect(spares.count == 2)
        var groups: [Int32] = []
        for spare in spares {
            try await ProcessFixture.expectEventually { spare.processGroup != nil }
            groups.append(try #require(spare.processGroup))
        }
        ProcessGroup.send(SIGKILL, to: groups[0])
        try await ProcessFixture.expectEventually { !spares[0].isReady }
        let script = Self.mode + "; echo $$"
        let (second, secondLines) = try await run(StepProcessRequest(script: script, timeout: .seconds(30)), in: pool)
        #expect(second.termination == .exited(0))
        #expect(secondLines == ["warm", "\(groups[1])"], "the killed shell is skipped for the other one")

        for spare in pool.waiting {
            try await ProcessFixture.expectEventually { spare.processGroup != nil }
            ProcessGroup.send(SIGKILL, to: try #require(spare.processGroup))
            try await ProcessFixture.expectEventually { !spare.isReady }
        }
        let (third, thirdLines) = try await run(StepProcessRequest(script: Self.mode, timeout: .seconds(30)), in: pool)
        await pool.close()
        #expect(third.termination == .exited(0))
        #expect(thirdLines == ["cold"], "with every waiting shell gone, the step gets one of its own")
    }

    @Test("closing the pool ends the waiting shells, which run nothing")
    func closeEndsTheWaitingShell() async throws {
        let pool = try await warmedPool()
        var groups: [Int32] = []
        for spare in pool.waiting {
            try await ProcessFixture.expectEventually { spare.processGroup != nil }
            groups.append(try #require(spare.processGroup))
        }
        #expect(groups.count == 2)
        await pool.close()
        for group in groups { #expect(!ProcessGroup.isAlive(group)) }
        #expect(pool.waiting.isEmpty)
    }

    @Test("closing the pool ends waiting shells that were stopped (SIGSTOP): nothing waits on them", .timeLimit(.minutes(1)))
    func stoppedShellsDoNotBlockClose() async throws {
        let pool = ShellPool(guardPath: guardPath)
        var groups: [Int32] = []
        for spare in pool.waiting {
            try await ProcessFixture.expectEventually { spare.processGroup != nil }
            groups.append(try #require(spare.processGroup))
        }
        for group in groups { ProcessGroup.send(SIGSTOP, to: group) }
        await pool.close()
        for group in groups { #expect(!ProcessGroup.isAlive(group)) }
    }

    @Test("a step whose PATH finds another bash runs in that one, not in the shell started ahead")
    func ownPathOwnBash() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let realBash = try #require(CommandSearch.location(of: "bash", path: ProcessInfo.processInfo.environment["PATH"]))
            let wrapper = folder + "/bash"
            try "#!\(realBash)\ntouch \"$(dirname \"$0\")/used\"\nexec \(realBash) \"$@\"\n"
                .write(toFile: wrapper, atomically: true, encoding: .utf8)
            chmod(wrapper, 0o755)
            let pool = try await warmedPool()
            let path = folder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            let (result, lines) = try await run(
                StepProcessRequest(script: Self.mode, environment: ["PATH": path], timeout: .seconds(30)), in: pool)
            await pool.close()
            #expect(result.termination == .exited(0))
            #expect(lines == ["cold"])
            #expect(FileManager.default.fileExists(atPath: folder + "/used"))
        }
    }

    @Test("a runner whose environment has bash run something at start-up starts no shell ahead")
    func bashEnvMeansNoWarmShells() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let startup = folder + "/startup.sh"
            try "echo startup-ran >> \"\(folder)/ran\"\n".write(toFile: startup, atomically: true, encoding: .utf8)
            var environment = ProcessInfo.processInfo.environment
            environment["BASH_ENV"] = startup
            let pool = ShellPool(guardPath: guardPath, environment: environment)
            var modes: [String] = []
            for _ in 0..<3 {
                let (result, lines) = try await run(
                    StepProcessRequest(script: Self.mode, environment: ["BASH_ENV": startup], timeout: .seconds(30)), in: pool)
                #expect(result.termination == .exited(0))
                modes += lines
            }
            #expect(pool.waiting.isEmpty)
            await pool.close()
            #expect(modes == ["cold", "cold", "cold"])
            let ran = try String(contentsOfFile: folder + "/ran", encoding: .utf8)
            #expect(ran == String(repeating: "startup-ran\n", count: 3), "once per step: no shell started ahead ran it")
        }
        #expect(ShellHandoff.startsAlike(["PATH": "/bin"]))
        for name in ["BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "BASH_FUNC_f%%"] {
            #expect(!ShellHandoff.startsAlike(["PATH": "/bin", name: "x"]), "\(name)")
        }
    }

    @Test("what a running shell cannot take as a new one would is not handed over")
    func handoffRefuses() {
        let plain = StepProcessRequest(script: "true", environment: ["A": "1"], timeout: .seconds(1))
        #expect(ShellHandoff.source(for: plain, inherited: [:]) != nil)
        for name in ["BASH_ENV", "BASH_FUNC_f%%", "SHELLOPTS", "IFS", "RANDOM", "not-a-name", "1X", "capzflow_script"] {
            var request = plain
            request.environment[name] = "x"
            #expect(ShellHandoff.source(for: request, inherited: [:]) == nil, "\(name)")
        }
        var inFolder = plain
        inFolder.workingDirectory = "/"
        #expect(ShellHandoff.source(for: inFolder, inherited: [:]) == nil)
        let huge = StepProcessRequest(script: String(repeating: "#", count: ShellHandoff.maxBytes), timeout: .seconds(1))
        #expect(ShellHandoff.source(for: huge, inherited: [:]) == nil)
        // What the shell already has is not sent again.
        let same = ShellHandoff.source(for: plain, inherited: ["A": "1"]).map { String(decoding: $0, as: UTF8.self) }
        #expect(same?.contains("export") == false)
    }
}
