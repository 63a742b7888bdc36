import CapzFlowCore
import Foundation

/// The imperative shell around `decide`: ask what to do, do it, record it, repeat.
///
/// Steps run as child tasks; the loop wakes when one ends, when a backoff or deadline
/// `decide` named is due, or on a short tick that picks up events other processes appended
/// (`signal`, `skip`, `cancel`) and renews the lease.
///
/// - Important: cancelling the task that runs the loop (Ctrl-C, SIGTERM) tears down every
///   running step's process group; the caller then records the interruption.
struct RunLoop: Sendable {
    let journal: RunJournal
    let workflow: Workflow
    let executor: StepExecutor
    let maxParallel: Int
    /// How often the loop looks for events from other processes.
    let tick: Duration = .milliseconds(250)
    /// How long a lease lasts without a heartbeat.
    static let leaseSeconds: TimeInterval = 30
    /// How many times one runner starts a dead service again before it gives up on the run.
    static let maxServiceRestarts = 3

    private enum Wake: Sendable {
        case stepEnded(String, RunnerError?)
        case tick
    }

    /// Drives the run until it finishes, the task is cancelled, or the lease is lost.
    ///
    /// - Throws: the first `RunnerError` a step or the journal met (for example `.leaseLost`).
    func run() async throws(RunnerError) {
        var failure: RunnerError?
        await withTaskGroup(of: Wake.self) { group in
            var inFlight: Set<String> = []
            var tickPending = false
            var lastHeartbeat = Date()
            var restarts: [String: Int] = [:]
            // Only a workflow with services pays for looking at them before every decision.
            let supervises = workflow.steps.contains { if case .service = $0.action { true } else { false } }
            loop: while true {
                let (state, fault) = await journal.snapshot
                if failure == nil, let fault { failure = fault }
                let stopping = failure != nil || Task.isCancelled || state.status.isFinished
                if stopping {
                    if !inFlight.isEmpty { group.cancelAll() }
                    if inFlight.isEmpty { break loop }
                } else {
                    let decision = decide(state, workflow, now: Date(), maxParallel: maxParallel, explaining: false)
                    do throws(RunnerError) {
                        if supervises, try await superviseServices(state, &restarts) {
                            continue loop
                        }
                        if try await perform(decision, &inFlight, &group) {
                            continue loop
                        }
                    } catch {
                        failure = error
                        continue loop
                    }
                    if !tickPending {
                        tickPending = true
                        let pause = decision.wakeAt
                            .map { min(tick, .milliseconds(max(1, Int64($0.timeIntervalSinceNow * 1_000)))) } ?? tick
                        group.addTask {
                            try? await Task.sleep(for: pause)
                            return .tick
                        }
                    }
                }
                guard let wake = await group.next() else { break loop }
                switch wake {
                case .tick:
                    tickPending = false
                    do throws(RunnerError) {
                        try await journal.refresh()
                        if Date().timeIntervalSince(lastHeartbeat) > Self.leaseSeconds / 6 {
                            try await journal.heartbeat(expiresIn: Self.leaseSeconds)
                            lastHeartbeat = Date()
                        }
                    } catch {
                        if failure == nil { failure = error }
                    }
                case let .stepEnded(id, error):
                    inFlight.remove(id)
                    if let error, failure == nil { failure = error }
                }
            }
            group.cancelAll()
        }
        if let failure { throw failure }
    }

    /// Starts again a service step whose process died while the run goes on (through a
    /// `step.reset`, so the log says why it ran twice), at most `maxServiceRestarts` times per
    /// step; a service that keeps dying fails the run, as it needs a person. Returns true when it
    /// recorded something.
    private func superviseServices(_ state: RunState, _ restarts: inout [String: Int]) async throws(RunnerError) -> Bool {
        var recorded = false
        for found in DeadServices.find(workflow, state) {
            let id = found.step.id
            let count = restarts[id, default: 0]
            if count < Self.maxServiceRestarts {
                if try await journal.record([DeadServices.reset(found)], when: DeadServices.unchanged(found)) {
                    restarts[id] = count + 1
                    recorded = true
                }
            } else {
                let reason = "step \(id) failed: its service (pid \(found.service.pid)) died again after \(count) restarts; see \(found.service.logPath)"
                recorded = try await journal.record([.runFailed(RunFailed(step: id, reason: reason))], when: DeadServices.unchanged(found)) || recorded
            }
        }
        return recorded
    }

    /// Performs the decision's commands; returns true when it recorded something itself, so
    /// the loop should decide again at once.
    private func perform(_ decision: Decision, _ inFlight: inout Set<String>, _ group: inout TaskGroup<Wake>) async throws(RunnerError) -> Bool {
        var recorded = false
        for command in decision.commands {
            switch command {
            case let .start(id, attempt, deadline):
                guard !inFlight.contains(id), inFlight.count < maxParallel, let step = workflow.step(id) else { continue }
                inFlight.insert(id)
                let executor = self.executor
                group.addTask {
                    do throws(RunnerError) {
                        try await executor.execute(step, attempt: attempt, deadline: deadline)
                        return .stepEnded(id, nil)
                    } catch {
                        return .stepEnded(id, error)
                    }
                }
            case let .completeAwait(id, attempt):
                guard case let .await(signal) = workflow.step(id)?.action else { continue }
                let done = Event.stepSucceeded(StepSucceeded(
                    step: id, attempt: attempt, exitCode: nil, note: "signal '\(signal)' arrived", signal: signal))
                recorded = try await journal.record([done], when: Preconditions.isRunning(id, attempt: attempt)) || recorded
            case let .expireAwait(id, attempt):
                guard let step = workflow.step(id) else { continue }
                let state = await journal.state
                let events = AttemptOutcome.timedOut(idle: false, after: step.timeout)
                    .events(step: step, state: state.step(id), attempt: attempt, now: Date())
                recorded = try await journal.record(events, when: Preconditions.isRunning(id, attempt: attempt)) || recorded
            case let .finish(outcome):
                let event: Event = switch outcome {
                case .succeeded: .runSucceeded(RunSucceeded())
                case let .failed(step, reason): .runFailed(RunFailed(step: step, reason: "step \(step) failed: \(reason)"))
                }
                recorded = try await journal.record([event], when: Preconditions.runGoesOn) || recorded
            }
        }
        return recorded
    }
}
