import Foundation
import Testing

@testable import CapzFlowRunner

@Suite("Service launcher", .timeLimit(.minutes(1)))
struct ServiceLauncherTests {
    /// Starts a service in `folder`, logging to a nested folder, and stops it however the test ends.
    private func withService(
        _ script: String,
        environment: [String: String] = [:],
        in folder: String,
        _ body: (ProcessIdentity, String) async throws -> Void
    ) async throws {
        let log = folder + "/services/nested/service.log"
        let service = try ServiceLauncher.start(
            script: script, environment: environment, workingDirectory: folder, logPath: log
        )
        do {
            try await body(service, log)
        } catch {
            await ServiceLauncher.stop(service, grace: .zero)
            throw error
        }
        await ServiceLauncher.stop(service, grace: .zero)
    }

    private func contents(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    @Test("a service keeps running after start returns, detached, and writes to its log")
    func serviceRuns() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let script = #"echo "up with $GREETING in $(pwd -P)"; echo "to stderr" >&2; exec sleep 1000"#
            try await withService(script, environment: ["GREETING": "hello; $(id)"], in: folder) { service, log in
                #expect(service.isAlive)
                let stat = try #require(ProcessStat.of(pid: service.pid))
                #expect(stat.processGroup == service.pid)
                #expect(stat.parent != getpid())
                let resolved = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
                try await ProcessFixture.expectEventually {
                    self.contents(log).contains("up with hello; $(id) in \(resolved)\n")
                        && self.contents(log).contains("to stderr\n")
                }
            }
        }
    }

    @Test("the log folder is private to the user and the log file too")
    func logPermissions() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            try await withService("exec sleep 1000", in: folder) { _, log in
                let folderMode = try FileManager.default.attributesOfItem(atPath: folder + "/services/nested")[.posixPermissions]
                let fileMode = try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions]
                #expect(folderMode as? Int == 0o700)
                #expect(fileMode as? Int == 0o600)
            }
        }
    }

    @Test("stop ends a service, even one that ignores SIGTERM")
    func stopEndsService() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let script = "trap '' TERM; echo ready; exec sleep 1000"
            try await withService(script, in: folder) { service, log in
                try await ProcessFixture.expectEventually { self.contents(log).contains("ready\n") }
                await ServiceLauncher.stop(service, grace: .milliseconds(200))
                try await ProcessFixture.expectEventually { !service.isAlive }
            }
        }
    }

    @Test("stop leaves alone a process whose pid was recycled")
    func stopChecksIdentity() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            try await withService("exec sleep 1000", in: folder) { service, _ in
                await ServiceLauncher.stop(ProcessIdentity(pid: service.pid, startTime: service.startTime + 1), grace: .zero)
                #expect(service.isAlive)
            }
        }
    }

    @Test("a service that cannot start is an error that names its log")
    func launchFailure() async throws {
        try await ProcessFixture.withTemporaryFolder { folder in
            let log = folder + "/service.log"
            #expect {
                _ = try ServiceLauncher.start(
                    script: "exec sleep 1000", environment: [:], workingDirectory: folder + "/missing", logPath: log
                )
            } throws: { error in
                (error as? ServiceLauncher.LaunchError)?.description.contains(log) == true
            }
            #expect(contents(log).contains("missing"))
        }
    }
}
