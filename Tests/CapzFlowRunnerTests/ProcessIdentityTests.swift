import Foundation
import Testing

@testable import CapzFlowRunner

@Suite("Process identities", .timeLimit(.minutes(1)))
struct ProcessIdentityTests {
    @Test("the identity of this process is alive")
    func currentIsAlive() {
        let me = ProcessIdentity.current()
        #expect(me.pid == getpid())
        #expect(me.isAlive)
        #expect(ProcessIdentity.of(pid: getpid()) == me)
    }

    @Test("a recycled pid with another start time is not the recorded process")
    func recycledPid() {
        let me = ProcessIdentity.current()
        #expect(!ProcessIdentity(pid: me.pid, startTime: me.startTime + 1).isAlive)
    }

    @Test("an identity survives encoding, so it can be recorded")
    func codable() throws {
        let me = ProcessIdentity.current()
        let decoded = try JSONDecoder().decode(ProcessIdentity.self, from: JSONEncoder().encode(me))
        #expect(decoded == me)
    }

    @Test("the host name is known")
    func hostName() {
        #expect(!ProcessIdentity.hostName.isEmpty)
    }

    @Test("a process that has finished is not alive")
    func finishedProcess() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let release = folder + "/release"
            let recorder = ProcessFixture.OutputRecorder()
            let script = #"echo "pid $$"; until [ -e "$RELEASE" ]; do sleep 0.01; done"#
            let step = Task {
                try await ProcessFixture.run(
                    StepProcessRequest(script: script, environment: ["RELEASE": release], timeout: .seconds(50)),
                    guardPath: try ProcessFixture.guardPath(), into: recorder
                )
            }
            let shell = try #require(await recorder.identity(after: "pid "))
            #expect(shell.isAlive)
            #expect(FileManager.default.createFile(atPath: release, contents: nil))
            #expect(try await step.value.termination == .exited(0))
            try await ProcessFixture.expectEventually { !shell.isAlive }
        }
    }

    @Test("a zombie is not alive")
    func zombie() async throws {
        let recorder = ProcessFixture.OutputRecorder()
        // The child waits until its parent has become `sleep`, which never reaps it, then exits.
        let script = """
            ( until read -r name < /proc/$$/comm && [ "$name" = sleep ]; do :; done; echo "child $BASHPID" ) &
            exec sleep 1000
            """
        let step = Task {
            try await ProcessFixture.run(
                StepProcessRequest(script: script, timeout: .seconds(50)), guardPath: try ProcessFixture.guardPath(),
                into: recorder
            )
        }
        let child = try #require(await recorder.identity(after: "child "))
        try await ProcessFixture.expectEventually { ProcessStat.of(pid: child.pid)?.hasExited == true }
        #expect(ProcessIdentity.of(pid: child.pid) == child)
        #expect(!child.isAlive)
        step.cancel()
        #expect(try await step.value.termination == .cancelled)
    }

    @Test("the stat line is read after the last parenthesis of the command name")
    func parsesAfterLastParenthesis() throws {
        let line = "4242 (a) b (c)) R 1 4243 4243 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 987654 0 0\n"
        let stat = try #require(ProcessStat(parsing: Array(line.utf8)))
        #expect(stat == ProcessStat(parsing: Array(line.utf8)))
        #expect(stat.state == UInt8(ascii: "R"))
        #expect(stat.parent == 1)
        #expect(stat.processGroup == 4243)
        #expect(stat.startTime == 987654)
        #expect(ProcessStat(parsing: Array("4242 (truncated".utf8)) == nil)
    }

    @Test("a running process whose name holds spaces and parentheses is identified")
    func awkwardName() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let recorder = ProcessFixture.OutputRecorder()
            let script = #"""
                ln -s "$(command -v sleep)" "$FOLDER/a) b (c"
                "$FOLDER/a) b (c" 1000 &
                echo "awkward $!"
                echo "shell $$"
                wait
                """#
            let step = Task {
                try await ProcessFixture.run(
                    StepProcessRequest(script: script, environment: ["FOLDER": folder], timeout: .seconds(50)),
                    guardPath: try ProcessFixture.guardPath(), into: recorder
                )
            }
            let awkward = try #require(await recorder.identity(after: "awkward "))
            let shell = try #require(await recorder.identity(after: "shell "))
            let name = try String(contentsOfFile: "/proc/\(awkward.pid)/comm", encoding: .utf8)
            #expect(name == "a) b (c\n")
            #expect(awkward.isAlive)
            #expect(ProcessStat.of(pid: awkward.pid)?.parent == shell.pid)
            step.cancel()
            #expect(try await step.value.termination == .cancelled)
            try await ProcessFixture.expectEventually { !awkward.isAlive }
        }
    }
}
