import Foundation
import Testing
@testable import CapzFlowCore

@Suite("Event coding")
struct EventCodingTests {
    /// One event of each kind, with the type name the audit contract gives it.
    struct Sample: Sendable, CustomTestStringConvertible {
        var type: String
        var event: Event
        /// The payload's keys, exactly.
        var keys: Set<String>
        var testDescription: String { type }
    }

    // Times with a binary-exact fraction of a second, so they survive the millisecond text.
    static let deadline = Fixtures.time(1_200.25)
    static let retryAt = Fixtures.time(30.5)

    static let samples: [Sample] = [
        Sample(
            type: "run.started",
            event: .runStarted(
                RunStarted(workflow: "capz-aks-ilb", definitionHash: "fnv1a64:0123456789abcdef", params: ["CLUSTER_NAME": "c1", "flavor": "ilb"], pid: 4242, host: "laptop")),
            keys: ["workflow", "definition_hash", "params", "pid", "host"]),
        Sample(
            type: "run.resumed", event: .runResumed(RunResumed(pid: 5151, host: "laptop", by: "alice", from: "aks-create")),
            keys: ["pid", "host", "by", "from"]),
        Sample(
            type: "run.reloaded", event: .runReloaded(RunReloaded(
                    definitionHash: "fnv1a64:fedcba9876543210", definition: "version: 1\nname: capz-aks-ilb\n", changedSteps: ["login", "aks-create"],
                    by: "alice")),
            keys: ["definition_hash", "definition", "changed_steps", "by"]),
        Sample(type: "run.succeeded", event: .runSucceeded(RunSucceeded()), keys: []),
        Sample(type: "run.failed", event: .runFailed(RunFailed(step: "login", reason: "exit 1")), keys: ["step", "reason"]),
        Sample(type: "run.interrupted", event: .runInterrupted(RunInterrupted(reason: "SIGINT")), keys: ["reason"]),
        Sample(type: "run.cancelled", event: .runCancelled(RunCancelled(by: "alice")), keys: ["by"]),
        Sample(
            type: "step.started", event: .stepStarted(StepStarted(step: "wait-for-nsg", attempt: 2, processGroup: 31337, deadline: deadline)),
            keys: ["step", "attempt", "process_group", "deadline"]),
        Sample(
            type: "step.succeeded",
            event: .stepSucceeded(StepSucceeded(step: "aks-create", attempt: 1, exitCode: 0, outputs: ["NSG_NAME": "nsg-1", "vnetId": "v"], note: "ready")),
            keys: ["step", "attempt", "exit_code", "outputs", "note"]),
        Sample(
            type: "step.failed", event: .stepFailed(StepFailed(step: "login", attempt: 3, exitCode: 2, reason: "exit 2")),
            keys: ["step", "attempt", "exit_code", "reason"]),
        Sample(
            type: "step.timed_out", event: .stepTimedOut(StepTimedOut(step: "login", attempt: 1, idle: true, after: "5m")),
            keys: ["step", "attempt", "idle", "after"]),
        Sample(
            type: "step.retry_scheduled", event: .stepRetryScheduled(StepRetryScheduled(step: "login", attempt: 2, retryAt: retryAt)),
            keys: ["step", "attempt", "retry_at"]),
        Sample(
            type: "step.skipped",
            event: .stepSkipped(StepSkipped(step: "aks-create", source: .probe, by: nil, reason: "already exists", probeOutput: "Succeeded")),
            keys: ["step", "source", "reason", "probe_output"]),
        Sample(
            type: "step.interrupted", event: .stepInterrupted(StepInterrupted(step: "tilt-up", attempt: 1, reason: "found unfinished on resume")),
            keys: ["step", "attempt", "reason"]),
        Sample(type: "step.reset", event: .stepReset(StepReset(step: "login", by: "alice", reason: "resume --from login")), keys: ["step", "by", "reason"]),
        Sample(
            type: "service.started",
            event: .serviceStarted(ServiceStarted(step: "tilt-up", attempt: 1, pid: 777, startTime: 18_446_744_073_709_551_000, logPath: "state/tilt.log")),
            keys: ["step", "attempt", "pid", "start_time", "log_path"]),
        Sample(type: "signal.received", event: .signalReceived(SignalReceived(name: "go-ahead", by: "alice")), keys: ["name", "by"]),
        Sample(
            type: "lease.taken_over",
            event: .leaseTakenOver(LeaseTakenOver(previousPid: 4242, previousHost: "laptop", previousSince: Fixtures.time(0.125), reason: "holder is dead")),
            keys: ["previous_pid", "previous_host", "previous_since", "reason"]),
    ]

    @Test("the samples cover every kind of event")
    func samplesCoverEveryEvent() {
        // Event has 18 cases; a new one needs a sample (and a type name in the contract).
        #expect(Set(Self.samples.map(\.type)).count == 18)
    }

    @Test("an event's type name is exactly the contract's", arguments: samples)
    func typeName(_ sample: Sample) {
        #expect(sample.event.type == sample.type)
    }

    @Test("an event round-trips through its payload JSON", arguments: samples)
    func roundTrip(_ sample: Sample) throws {
        let decoded = try Event.decode(type: sample.event.type, payload: sample.event.payloadJSON())
        #expect(decoded == sample.event)
    }

    @Test("payload keys are snake_case and exactly the documented ones", arguments: samples)
    func snakeCaseKeys(_ sample: Sample) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sample.event.payloadJSON().utf8)) as? [String: Any])
        #expect(Set(object.keys) == sample.keys)
        for key in object.keys {
            #expect(key.allSatisfy { $0.isLowercase || $0 == "_" }, "\(key) is not snake_case")
        }
    }

    @Test("the names in params and outputs are kept as written, not converted to snake_case")
    func dictionaryKeysKept() throws {
        let started = Self.samples[0].event.payloadJSON()
        #expect(started.contains(#""params":{"CLUSTER_NAME":"c1","flavor":"ilb"}"#))
        let succeeded = Self.samples[8].event.payloadJSON()
        #expect(succeeded.contains(#""outputs":{"NSG_NAME":"nsg-1","vnetId":"v"}"#))
    }

    @Test("times in payloads are RFC 3339 in UTC with milliseconds")
    func payloadTimes() {
        #expect(Self.samples[7].event.payloadJSON().contains(#""deadline":"2023-11-14T22:33:20.250Z""#))
        #expect(Self.samples[11].event.payloadJSON().contains(#""retry_at":"2023-11-14T22:13:50.500Z""#))
        #expect(Self.samples[17].event.payloadJSON().contains(#""previous_since":"2023-11-14T22:13:20.125Z""#))
    }

    @Test("optional fields left out are absent, and read back as nil")
    func optionalFields() throws {
        let started = Event.stepStarted(StepStarted(step: "a", attempt: 1))
        #expect(started.payloadJSON() == #"{"attempt":1,"step":"a"}"#)
        #expect(try Event.decode(type: "step.started", payload: started.payloadJSON()) == started)
        #expect(Event.runSucceeded(RunSucceeded()).payloadJSON() == "{}")
    }

    @Test("an event names its step and attempt where they apply")
    func stepAndAttempt() {
        let byType = Dictionary(uniqueKeysWithValues: Self.samples.map { ($0.type, $0.event) })
        #expect(byType["step.started"]?.step == "wait-for-nsg")
        #expect(byType["step.started"]?.attempt == 2)
        #expect(byType["step.retry_scheduled"]?.attempt == 2)
        #expect(byType["run.failed"]?.step == "login")
        #expect(byType["run.failed"]?.attempt == nil)
        #expect(byType["step.skipped"]?.step == "aks-create")
        #expect(byType["step.skipped"]?.attempt == nil)
        #expect(byType["signal.received"]?.step == nil)
        #expect(byType["lease.taken_over"]?.step == nil)
    }

    @Test("an unknown type is refused with a reason")
    func unknownType() {
        #expect(throws: EventDecodingError.self) { try Event.decode(type: "step.exploded", payload: "{}") }
        do {
            _ = try Event.decode(type: "step.exploded", payload: "{}")
        } catch {
            #expect(error.type == "step.exploded")
            #expect(error.description.contains("unknown event type"))
        }
    }

    @Test("a payload that does not fit its type is refused", arguments: [
        ("step.started", "{}"),
        ("step.started", #"{"step":"a","attempt":"one"}"#),
        ("step.retry_scheduled", #"{"step":"a","attempt":2,"retry_at":"tomorrow"}"#),
        ("run.failed", "not json"),
    ])
    func badPayload(type: String, payload: String) {
        #expect(throws: EventDecodingError.self) { try Event.decode(type: type, payload: payload) }
    }

    // MARK: Timestamps

    @Test("a time is written as RFC 3339 in UTC with milliseconds")
    func timestampFormat() {
        #expect(EventJSON.timestamp(Fixtures.t0) == "2023-11-14T22:13:20.000Z")
        #expect(EventJSON.timestamp(Fixtures.time(0.5)) == "2023-11-14T22:13:20.500Z")
        #expect(EventJSON.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test("a written time reads back as the same time")
    func timestampRoundTrip() {
        for seconds in [0, 0.125, 0.5, 59.75, 86_399.875] {
            let date = Fixtures.time(seconds)
            #expect(EventJSON.parseTimestamp(EventJSON.timestamp(date)) == date)
        }
        #expect(EventJSON.parseTimestamp("yesterday") == nil)
    }

    @Test("a time is written to the nearest millisecond, and that text reads back unchanged")
    func timestampMilliseconds() {
        // 1_700_000_000.007 is stored in binary as 1_700_000_000.00699999…; cutting the
        // fraction instead of rounding it would write .006, and reading and writing such a
        // text again could lose one more millisecond: `events --json` would then show a time
        // the database does not hold, and a replayed retryAt would come back 1 ms early.
        #expect(EventJSON.timestamp(Date(timeIntervalSince1970: 1_700_000_000.007)) == "2023-11-14T22:13:20.007Z")
        let texts = (0..<1_000).map { "2023-11-14T22:13:20.\(String(1_000 + $0).dropFirst())Z" }
        let unstable = texts.filter { text in EventJSON.parseTimestamp(text).map(EventJSON.timestamp) != text }
        let count = unstable.count
        #expect(count == 0, "of 1000 written times these read back as another, e.g. \(unstable.prefix(3))")
    }
}
