import Foundation
import Subprocess
import SystemPackage
import Testing

@testable import CapzFlowRunner

@Suite("The step guard", .timeLimit(.minutes(1)))
struct GuardTests {
    let guardPath: String

    init() throws {
        guardPath = try ProcessFixture.guardPath()
    }

    /// Spawns the guard as the runner would (new session, this process as the runner).
    private var session: PlatformOptions {
        var options = PlatformOptions()
        options.createSession = true
        return options
    }

    /// The script as the runner starts it: behind the prologue that waits for the go byte.
    private func guardArguments(_ script: String) -> Arguments {
        Arguments([String(getpid()), "bash", "-c", StepProcess.heldBack(script)])
    }

    // MARK: Holding the step

    @Test("a step runs nothing without the go byte", arguments: ["", "x", "G"])
    func noGoByte(input: String) async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let marker = folder + "/ran"
            let result = try await Subprocess.run(
                .path(FilePath(guardPath)), arguments: guardArguments("touch '\(marker)'"),
                platformOptions: session, input: .string(input), output: .discarded
            )
            #expect(result.terminationStatus == .exited(125))
            #expect(!FileManager.default.fileExists(atPath: marker))
        }
    }

    @Test("the step never reads what follows the go byte, and its script sees no go channel")
    func stdinIsClosed() async throws {
        let script = #"""
            if read -r line; then echo "read $line"; else echo "end of input"; fi
            if [ -e "/proc/$$/fd/3" ]; then echo "channel open"; else echo "channel closed"; fi
            """#
        let result = try await Subprocess.run(
            .path(FilePath(guardPath)), arguments: guardArguments(script),
            platformOptions: session, input: .string("gsecret\n"), output: .string(limit: 1024)
        )
        #expect(result.terminationStatus == .exited(0))
        #expect(result.standardOutput == "end of input\nchannel closed\n")
    }

    @Test("the guard starts the step at once, with the runner's channel as descriptor 3")
    func channelIsDescriptorThree() async throws {
        let result = try await Subprocess.run(
            .path(FilePath(guardPath)),
            arguments: [String(getpid()), "bash", "-c", #"echo started; read -r -n 1 -u 3 byte; echo "got $byte""#],
            platformOptions: session, input: .string("g"), output: .string(limit: 1024)
        )
        #expect(result.terminationStatus == .exited(0))
        #expect(result.standardOutput == "started\ngot g\n")
    }

    @Test("a guard started with a runner pid that is not its parent kills its group and exits")
    func wrongParent() async throws {
        let result = try await Subprocess.run(
            .path(FilePath(guardPath)), arguments: ["1234567", "true"],
            platformOptions: session, output: .discarded
        )
        #expect(result.terminationStatus == .signaled(SIGKILL))
    }

    // MARK: Exit status

    @Test("the guard exits with the step's exit code")
    func exitCode() async throws {
        let result = try await Subprocess.run(
            .path(FilePath(guardPath)), arguments: guardArguments("exit 42"),
            platformOptions: session, input: .string("g"), output: .discarded
        )
        #expect(result.terminationStatus == .exited(42))
    }

    @Test("a step killed by a signal is reported as 128 plus the signal")
    func killedBySignal() async throws {
        let result = try await Subprocess.run(
            .path(FilePath(guardPath)), arguments: guardArguments("kill -KILL $$"),
            platformOptions: session, input: .string("g"), output: .discarded
        )
        #expect(result.terminationStatus == .exited(128 + SIGKILL))
    }

    @Test("a program that cannot be executed exits 127 with a message")
    func cannotExecute() async throws {
        let result = try await Subprocess.run(
            .path(FilePath(guardPath)), arguments: [String(getpid()), "capzflow-no-such-program"],
            platformOptions: session, output: .discarded, error: .string(limit: 1024)
        )
        #expect(result.terminationStatus == .exited(127))
        #expect(result.standardError.contains("cannot run capzflow-no-such-program"))
    }

    // MARK: Signals

    @Test("the guard survives SIGTERM to its group and reports how the step handled it")
    func survivesTerm() async throws {
        let script = "trap 'echo stopping; exit 3' TERM; echo ready; sleep 1000 & wait $!"
        let result = try await Subprocess.run(
            .path(FilePath(guardPath)), arguments: guardArguments(script),
            platformOptions: session, input: .string("g"), output: .sequence, error: .discarded
        ) { execution in
            var lines: [String] = []
            for try await line in execution.standardOutput.strings() {
                lines.append(line)
                if line == "ready" {
                    try execution.send(signal: .terminate, toProcessGroup: true)
                }
            }
            return lines
        }
        #expect(result.terminationStatus == .exited(3))
        #expect(result.closureResult == ["ready", "stopping"])
    }

    @Test("the guard ignores a parent-death signal while its parent lives")
    func spuriousParentDeath() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let release = folder + "/release"
            // The signal the kernel sends when only the spawning thread of the runner exits.
            let script = "echo ready; until [ -e '\(release)' ]; do sleep 0.01; done; echo released"
            let result = try await Subprocess.run(
                .path(FilePath(guardPath)), arguments: guardArguments(script),
                platformOptions: session, input: .string("g"), output: .sequence, error: .discarded
            ) { execution in
                var lines: [String] = []
                for try await line in execution.standardOutput.strings() {
                    lines.append(line)
                    if line == "ready" {
                        try execution.send(signal: .userDefinedTwo)
                        #expect(FileManager.default.createFile(atPath: release, contents: nil))
                    }
                }
                return lines
            }
            #expect(result.terminationStatus == .exited(0))
            #expect(result.closureResult == ["ready", "released"])
        }
    }

    // MARK: The sentinel

    @Test("the sentinel kills every group it still watches when its input closes, and no other")
    func sentinel() async throws {
        // Three groups of their own: watched, watched then released, never watched.
        let script = #"""
            for name in watched released stranger; do
              setsid bash -c 'echo "$1 $$ $(cut -d" " -f22 /proc/$$/stat)"; exec sleep 1000' sentinel-test "$name" &
            done
            wait
            """#
        let recorder = ProcessFixture.OutputRecorder()
        let groups = Task {
            try await ProcessFixture.run(
                StepProcessRequest(script: script, timeout: .seconds(50)), guardPath: guardPath, into: recorder)
        }
        let watched = try #require(await recorder.identity(after: "watched "))
        let released = try #require(await recorder.identity(after: "released "))
        let stranger = try #require(await recorder.identity(after: "stranger "))
        let sentinel = try #require(StepSentinel(guardPath: guardPath))
        #expect(sentinel.watch(watched.pid) && sentinel.watch(released.pid))
        sentinel.release(released.pid)
        await sentinel.close()

        try await ProcessFixture.expectEventually { !watched.isAlive }
        #expect(released.isAlive && stranger.isAlive)
        ProcessGroup.send(SIGKILL, to: released.pid)
        ProcessGroup.send(SIGKILL, to: stranger.pid)
        _ = try await groups.value
        #expect(!sentinel.watch(4242), "a sentinel that has ended watches nothing")
    }

    @Test("the guard takes its whole group down when the runner is killed")
    func runnerKilled() async throws {
        // A shell stands in for the runner: it starts the guard with its own pid, then is killed.
        let runner = #"""
            "$1" "$$" bash -c 'sleep 1000 & echo "grandchild $!"; wait' <<< g &
            echo "runner $$"
            wait
            """#
        let result = try await Subprocess.run(
            .name("bash"), arguments: ["-c", runner, "runner", guardPath],
            platformOptions: session, input: .none, output: .sequence, error: .discarded
        ) { execution in
            var runnerPid: Int32?
            var grandchild: ProcessIdentity?
            for try await line in execution.standardOutput.strings() {
                if line.hasPrefix("runner ") {
                    runnerPid = Int32(line.dropFirst("runner ".count))
                } else if line.hasPrefix("grandchild ") {
                    grandchild = Int32(line.dropFirst("grandchild ".count)).flatMap(ProcessIdentity.of)
                }
                if let pid = runnerPid, grandchild != nil {
                    kill(pid, SIGKILL)
                    runnerPid = nil
                }
            }
            return grandchild
        }
        let grandchild = try #require(result.closureResult)
        try await ProcessFixture.expectEventually { !grandchild.isAlive }
        if let leftover = ProcessStat.of(pid: grandchild.pid), !leftover.hasExited {
            ProcessGroup.send(SIGKILL, to: leftover.processGroup)
        }
    }
}
