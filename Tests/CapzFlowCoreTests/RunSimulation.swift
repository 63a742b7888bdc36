import Foundation
@testable import CapzFlowCore

/// A stand-in for the runner: it asks `decide` what to do, performs one random thing (a
/// command, an attempt ending, a crash, a signal, time passing), records the events a runner
/// would, folds them with `evolve`, and checks the engine's invariants after every action.
///
/// It keeps its own record of what happened, apart from `RunState`, so that the checks do
/// not take `evolve`'s word for it. Every violation names the seed.
struct RunSimulation {
    let seed: UInt64
    let workflow: Workflow
    let maxParallel: Int
    private var rng: SplitMix64
    private(set) var now = Fixtures.t0
    private(set) var log: [RecordedEvent] = []
    private(set) var state = RunState()
    /// Every broken invariant, each naming the seed.
    var violations: [String] { recorder.messages }
    private let recorder = ViolationRecorder()
    /// What kinds of thing happened, to show the runs cover what they should.
    private(set) var seen: Set<String> = []
    private var crashes = 0

    // The simulation's own record.
    private var live: [String: Int] = [:]
    private var liveDeadline: [String: Date] = [:]
    private var keptDeadline: [String: Date] = [:]
    private var done: Set<String> = []
    private var lastAttempt: [String: Int] = [:]
    private var retryAt: [String: Date] = [:]
    private var failedForGood: Set<String> = []
    private var budgetStart: [String: Int] = [:]
    private var interruptedAttempts: [String: Set<Int>] = [:]
    private var sentSignals: Set<String> = []

    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(seed: seed)
        workflow = Self.randomWorkflow(using: &rng)
        maxParallel = Int.random(in: 1...3, using: &rng)
        self.rng = rng
    }

    /// Runs until the run finishes or `maxActions` actions were taken, then checks the log.
    mutating func run(maxActions: Int = 10_000) {
        emit(.runStarted(RunStarted(workflow: workflow.name, definitionHash: "fnv1a64:0000000000000001", params: [:], pid: 1, host: "sim")))
        for _ in 0..<maxActions {
            guard state.status == .running, act() else { break }
            checkAgreement()
        }
        checkFinished()
    }

    // MARK: Random workflows

    static func randomWorkflow(using rng: inout SplitMix64) -> Workflow {
        var steps: [Step] = []
        for index in 0..<Int.random(in: 1...6, using: &rng) {
            let id = "s\(index)"
            let needs = steps.map(\.id).filter { _ in Int.random(in: 0..<5, using: &rng) < 2 }
            let timeout = Duration.seconds(Int.random(in: 10...120, using: &rng))
            let kind = Int.random(in: 0..<10, using: &rng)
            let action: StepAction =
                switch kind {
                case 0..<6: .run(script: "echo \(id)")
                case 6, 7: .wait(until: "test -f \(id)", interval: .seconds(5), timeout: timeout)
                case 8: .service(run: "serve \(id)", ready: "probe \(id)", readyTimeout: .seconds(60))
                default: .await(signal: "go-\(id)")
                }
            // Integer backoffs and factors keep every time a multiple of 1/8 s, exact in binary.
            let retry = RetryPolicy(
                attempts: Int.random(in: 1...3, using: &rng), backoff: .seconds(Int.random(in: 1...20, using: &rng)),
                factor: [1, 2].randomElement(using: &rng)!, maxBackoff: .seconds(30),
                on: [[.failure, .timeout], [.failure], [.timeout]].randomElement(using: &rng)!,
                exceptExitCodes: Bool.random(using: &rng) ? [2] : [])
            steps.append(
                Step(
                    id: id, needs: needs, action: action, check: kind < 9 && Bool.random(using: &rng) ? "probe \(id)" : nil,
                    timeout: timeout, retry: retry, outputs: Bool.random(using: &rng) ? ["OUT_\(index)"] : []))
        }
        return Workflow(name: "random", steps: steps)
    }

    // MARK: Actions

    private enum Choice {
        case perform(Command)
        case end(String)
        case crash
        case signal(String)
        case advance(Date?)
    }

    /// Takes one action; false when the run is stuck.
    private mutating func act() -> Bool {
        let decision = decide(state, workflow, now: now, maxParallel: maxParallel)
        // The runner's decision, without the explanations only `status` shows, must be the same.
        let unexplained = decide(state, workflow, now: now, maxParallel: maxParallel, explaining: false)
        check(unexplained.commands == decision.commands && unexplained.wakeAt == decision.wakeAt && unexplained.holds.isEmpty,
              "deciding without explanations changed the decision: \(unexplained) vs \(decision)")
        checkDecision(decision)
        if decision.commands.isEmpty, live.isEmpty, decision.wakeAt == nil {
            violation("stuck: nothing to start, nothing running and nothing to wait for (status \(state.status))")
            return false
        }
        var choices: [(weight: Int, choice: Choice)] = decision.commands.map { (8, .perform($0)) }
        for id in live.keys.sorted() where !isAwait(id) { choices.append((4, .end(id))) }
        if crashes < 3 { choices.append((1, .crash)) }
        for step in workflow.steps {
            if case let .await(signal) = step.action, !sentSignals.contains(signal) { choices.append((1, .signal(signal))) }
        }
        let idle = decision.commands.isEmpty && live.keys.allSatisfy(isAwait)
        choices.append((idle ? 8 : 1, .advance(decision.wakeAt)))

        var pick = Int.random(in: 0..<choices.map(\.weight).reduce(0, +), using: &rng)
        let choice = choices.first { pick -= $0.weight; return pick < 0 }!.choice
        switch choice {
        case let .perform(command): perform(command)
        case let .end(id): end(id)
        case .crash: crash()
        case let .signal(name):
            emit(.signalReceived(SignalReceived(name: name, by: "sim")))
            sentSignals.insert(name)
        case let .advance(wakeAt):
            if let wakeAt, wakeAt > now, Bool.random(using: &rng) {
                now = wakeAt
            } else {
                now = now.addingTimeInterval(Double(Int.random(in: 1...160, using: &rng)) / 8)
            }
        }
        return true
    }

    private mutating func perform(_ command: Command) {
        switch command {
        case let .start(id, attempt, deadline):
            let step = workflow.step(id)!
            if step.check != nil, Int.random(in: 0..<4, using: &rng) == 0 {
                emit(.stepSkipped(StepSkipped(step: id, source: .probe, reason: "probe found the effect", probeOutput: "exists")))
                seen.insert("skipped by probe")
                markDone(id)
                return
            }
            let group: Int32? = isAwait(id) ? nil : Int32(1_000 + log.count)
            emit(.stepStarted(StepStarted(step: id, attempt: attempt, processGroup: group, deadline: deadline)))
            if retryAt[id] != nil { seen.insert("retried after backoff") }
            if keptDeadline[id] != nil { seen.insert("restarted with a kept deadline") }
            live[id] = attempt
            liveDeadline[id] = deadline
            keptDeadline[id] = nil
            lastAttempt[id] = attempt
            retryAt[id] = nil
            if case .service = step.action {
                emit(.serviceStarted(ServiceStarted(step: id, attempt: attempt, pid: 2_000, startTime: UInt64(log.count), logPath: "svc-\(id).log")))
            }
        case let .completeAwait(id, attempt):
            check(live[id] == attempt, "completeAwait(\(id), \(attempt)) but the live attempt is \(String(describing: live[id]))")
            emit(.stepSucceeded(StepSucceeded(step: id, attempt: attempt, exitCode: nil)))
            seen.insert("await completed")
            markDone(id)
        case let .expireAwait(id, attempt):
            check(live[id] == attempt, "expireAwait(\(id), \(attempt)) but the live attempt is \(String(describing: live[id]))")
            check(liveDeadline[id].map { now >= $0 } == true, "expireAwait(\(id)) before its deadline")
            let step = workflow.step(id)!
            seen.insert("await expired")
            record(AttemptOutcome.timedOut(idle: false, after: step.timeout), of: step, attempt: attempt)
        case .finish(.succeeded):
            check(done.count == workflow.steps.count && live.isEmpty, "finish(.succeeded) with done \(done.sorted()) and live \(live)")
            emit(.runSucceeded(RunSucceeded()))
        case let .finish(.failed(id, reason)):
            // Only awaits may still be open: they wait rather than work, and a failed run
            // cancels them instead of waiting for their deadlines.
            check(failedForGood.contains(id) && live.keys.allSatisfy(isAwait), "finish(.failed(\(id))) with failed \(failedForGood.sorted()) and live \(live)")
            emit(.runFailed(RunFailed(step: id, reason: reason)))
            live.removeAll()
            liveDeadline.removeAll()
        }
    }

    /// Ends the live attempt of a run, wait or service step with a random outcome.
    private mutating func end(_ id: String) {
        let step = workflow.step(id)!
        let roll = Int.random(in: 0..<20, using: &rng)
        let outcome: AttemptOutcome
        if case .wait = step.action {
            outcome = roll < 14 ? .succeeded(exitCode: 0, outputs: [:], note: nil) : .timedOut(idle: false, after: step.timeout)
        } else if roll < 12 {
            outcome = .succeeded(exitCode: 0, outputs: Dictionary(uniqueKeysWithValues: step.outputs.map { ($0, "\(id)-\(log.count)") }), note: nil)
        } else if roll < 17 {
            outcome = .failed(exitCode: Int32.random(in: 1...2, using: &rng), reason: "exit")
        } else {
            outcome = .timedOut(idle: roll == 19, after: step.timeout)
        }
        record(outcome, of: step, attempt: live[id]!)
    }

    private mutating func record(_ outcome: AttemptOutcome, of step: Step, attempt: Int) {
        let events = outcome.events(step: step, state: state.step(step.id), attempt: attempt, now: now)
        for event in events { emit(event) }
        if case .succeeded = outcome {
            markDone(step.id)
            return
        }
        live[step.id] = nil
        liveDeadline[step.id] = nil
        if case let .stepRetryScheduled(retry)? = events.last {
            check(retry.attempt == attempt + 1, "retry of \(step.id) scheduled as attempt \(retry.attempt) after attempt \(attempt)")
            check(retry.retryAt >= now, "retry of \(step.id) scheduled in the past")
            retryAt[step.id] = retry.retryAt
            seen.insert("retry scheduled")
        } else {
            failedForGood.insert(step.id)
            seen.insert("failed for good")
        }
    }

    /// The runner died (killed, or stopped by Ctrl-C) and another one resumed the run.
    private mutating func crash() {
        crashes += 1
        if Bool.random(using: &rng) {
            emit(.runInterrupted(RunInterrupted(reason: "SIGINT")))
            check(decide(state, workflow, now: now, maxParallel: maxParallel).commands.isEmpty, "an interrupted run still has commands")
            now = now.addingTimeInterval(Double(Int.random(in: 1...4_800, using: &rng)) / 8)
            seen.insert("interrupted")
        } else {
            now = now.addingTimeInterval(Double(Int.random(in: 0...480, using: &rng)) / 8)
            emit(.leaseTakenOver(LeaseTakenOver(previousPid: 1, previousHost: "sim", previousSince: Fixtures.t0, reason: "holder is dead")))
            seen.insert("lease taken over")
        }
        emit(.runResumed(RunResumed(pid: Int32(100 + crashes), host: "sim", by: "sim")))
        for id in failedForGood {
            budgetStart[id] = lastAttempt[id] ?? 0
            seen.insert("fresh budget after resume")
        }
        failedForGood.removeAll()
        for (id, attempt) in live.sorted(by: { $0.key < $1.key }) {
            emit(.stepInterrupted(StepInterrupted(step: id, attempt: attempt, reason: "found unfinished on resume")))
            interruptedAttempts[id, default: []].insert(attempt)
            keptDeadline[id] = liveDeadline[id]
            seen.insert("step interrupted")
        }
        live.removeAll()
        liveDeadline.removeAll()
    }

    private mutating func markDone(_ id: String) {
        live[id] = nil
        liveDeadline[id] = nil
        keptDeadline[id] = nil
        retryAt[id] = nil
        done.insert(id)
    }

    private mutating func emit(_ event: Event) {
        let recorded = RecordedEvent(seq: log.count + 1, at: now, event: event)
        log.append(recorded)
        state = evolve(state, recorded)
    }

    // MARK: Invariants

    /// Every command `decide` proposes must be safe to perform now.
    private mutating func checkDecision(_ decision: Decision) {
        var slots = live.keys.filter { !isAwait($0) }.count
        for command in decision.commands {
            switch command {
            case let .start(id, attempt, deadline):
                checkStart(id, attempt: attempt, deadline: deadline)
                if !isAwait(id) { slots += 1 }
            case .completeAwait(let id, _), .expireAwait(let id, _):
                check(isAwait(id) && live[id] != nil, "\(command) for a step that is not a live await")
            case .finish:
                check(decision.commands.count == 1, "finish proposed together with other commands: \(decision.commands)")
            }
        }
        check(slots <= maxParallel, "\(slots) steps would run at once with maxParallel \(maxParallel)")
        // An await whose signal is in, or whose deadline passed, must be settled.
        for (id, attempt) in live where isAwait(id) {
            guard case let .await(signal) = workflow.step(id)!.action else { continue }
            if sentSignals.contains(signal) {
                check(decision.commands.contains(.completeAwait(step: id, attempt: attempt)), "await \(id) has its signal but is not completed")
            } else if let deadline = liveDeadline[id], now >= deadline {
                check(decision.commands.contains(.expireAwait(step: id, attempt: attempt)), "await \(id) is past its deadline but does not expire")
            }
        }
    }

    private mutating func checkStart(_ id: String, attempt: Int, deadline: Date?) {
        let step = workflow.step(id)!
        check(live[id] == nil, "start of \(id) attempt \(attempt) while attempt \(live[id] ?? 0) still runs")
        check(!done.contains(id), "start of \(id) again after it succeeded or was skipped")
        check(failedForGood.isEmpty, "start of \(id) after \(failedForGood.sorted()) failed for good, without a resume")
        check(attempt == (lastAttempt[id] ?? 0) + 1, "start of \(id) as attempt \(attempt) after attempt \(lastAttempt[id] ?? 0)")
        if let retryAt = retryAt[id] {
            check(now >= retryAt, "start of \(id) at \(now.timeIntervalSince(Fixtures.t0))s, before its retry time \(retryAt.timeIntervalSince(Fixtures.t0))s")
        }
        let missing = step.needs.filter { !done.contains($0) }
        check(missing.isEmpty, "start of \(id) before its needs \(missing) are done")
        // Interrupted attempts are not the step's fault; every other attempt of the budget counts.
        let base = budgetStart[id] ?? 0
        let counted = (base + 1...max(base + 1, attempt)).filter { !(interruptedAttempts[id] ?? []).contains($0) }.count
        check(counted <= step.retry.attempts, "start of \(id) as its attempt \(counted) of a budget of \(step.retry.attempts)")
        switch step.action {
        case .run, .service:
            check(deadline == nil, "a \(step.action.kind) step started with a deadline")
        case let .wait(_, _, timeout, _):
            let expected = keptDeadline[id] ?? now.addingTimeInterval(timeout.timeInterval)
            check(deadline == expected, "wait \(id) started with deadline \(String(describing: deadline)), expected \(expected)")
        case .await:
            let expected = keptDeadline[id] ?? now.addingTimeInterval(step.timeout.timeInterval)
            check(deadline == expected, "await \(id) started with deadline \(String(describing: deadline)), expected \(expected)")
        }
    }

    /// The fold agrees with the simulation's own record.
    private mutating func checkAgreement() {
        check(Set(state.runningSteps) == Set(live.keys), "running per evolve \(state.runningSteps), per the runner \(live.keys.sorted())")
        for id in done { check(state.step(id).status.isDone, "\(id) is done but evolve says \(state.step(id).status)") }
        for step in workflow.steps {
            check(state.step(step.id).attempts == lastAttempt[step.id] ?? 0, "\(step.id) has \(state.step(step.id).attempts) attempts per evolve")
        }
        check(state.lastSeq == log.count, "lastSeq \(state.lastSeq) after \(log.count) events")
    }

    private mutating func checkFinished() {
        check(state.status == .succeeded || state.status == .failed, "the run did not finish: \(state.status)")
        if state.status == .succeeded { check(done.count == workflow.steps.count, "succeeded with only \(done.sorted()) done") }
        if state.status == .failed { check(state.failedStep.map(failedForGood.contains) == true, "failed naming \(String(describing: state.failedStep))") }
        check(log.map(\.seq) == Array(1...log.count), "seq numbers have gaps")
        check(RunState.replay(log) == state, "replaying the log gives another state")
        // What the store would keep: type names and payloads. Reading them back replays the same.
        var decoded: [RecordedEvent] = []
        for recorded in log {
            do {
                let event = try Event.decode(type: recorded.event.type, payload: recorded.event.payloadJSON())
                check(event == recorded.event, "\(recorded.event.type) #\(recorded.seq) reads back as \(event)")
                decoded.append(RecordedEvent(seq: recorded.seq, at: recorded.at, event: event))
            } catch {
                violation("\(recorded.event.type) #\(recorded.seq) cannot be read back: \(error)")
            }
        }
        check(RunState.replay(decoded) == state, "replaying the decoded log gives another state")
    }

    private func isAwait(_ id: String) -> Bool {
        if case .await = workflow.step(id)?.action { return true }
        return false
    }

    private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { violation(message()) }
    }

    private func violation(_ message: String) {
        recorder.messages.append("seed \(seed), after event \(log.count): \(message)")
    }
}

/// Holds a simulation's violations, so that checking does not need exclusive access to it.
private final class ViolationRecorder {
    var messages: [String] = []
}
