import CapzFlowCore
import CapzFlowStore
import Foundation
import Logging

/// Performs one `start` command: probes, runs, polls or launches a step attempt and records
/// what happened through the journal.
///
/// - Important: nothing runs before its `step.started` event is durable. For `run` steps the
///   guard holds the script until `recordStart` returns; for polls and services the event is
///   recorded first. When the run task is cancelled (Ctrl-C) the attempt is torn down and
///   nothing is recorded here: the run loop records the interruption.
struct StepExecutor: Sendable {
    let journal: RunJournal
    let environment: StepEnvironment
    /// Runs every step process: probes, scripts and polls.
    let shells: ShellPool
    let runFolder: String
    let killGrace: Duration
    private let logger = Logger(label: "capzflow.runner")

    init(journal: RunJournal, environment: StepEnvironment, shells: ShellPool, runFolder: String, killGrace: Duration) {
        self.journal = journal
        self.environment = environment
        self.shells = shells
        self.runFolder = runFolder
        self.killGrace = killGrace
    }

    func execute(_ step: Step, attempt: Int, deadline: Date?) async throws(RunnerError) {
        switch step.action {
        case let .run(script):
            try await runScript(step, script: script, attempt: attempt)
        case let .wait(until, interval, timeout, failOn):
            guard try await record([.stepStarted(StepStarted(step: step.id, attempt: attempt, deadline: deadline))],
                                   when: Preconditions.canStart(step.id, attempt: attempt)) else { return }
            let limit = deadline ?? Date().addingTimeInterval(timeout.timeInterval)
            let result = try await poll(until, step: step, attempt: attempt, interval: interval, deadline: limit, failOn: failOn)
            try await finish(step, attempt: attempt, result: result, waitedFor: timeout)
        case let .service(run, ready, readyTimeout, failOn):
            try await startService(step, script: run, ready: ready, readyTimeout: readyTimeout, failOn: failOn, attempt: attempt)
        case .await:
            try await record([.stepStarted(StepStarted(step: step.id, attempt: attempt, deadline: deadline))],
                             when: Preconditions.canStart(step.id, attempt: attempt))
        }
    }

    // MARK: run steps

    private func runScript(_ step: Step, script: String, attempt: Int) async throws(RunnerError) {
        if let check = step.check, try await probeFindsEffect(step, check: check, attempt: attempt) { return }
        let output = try prepareOutput(step, attempt: attempt)
        let state = await journal.state
        let request = StepProcessRequest(
            script: script,
            environment: environment.variables(for: step, attempt: attempt, state: state, outputFile: output.path),
            workingDirectory: nil, timeout: step.timeout, idleTimeout: step.idleTimeout, killGrace: killGrace)
        let journal = self.journal
        let matcher = OutputMatcher(pattern: step.retry.outputPattern)
        let result: StepProcessResult
        do {
            result = try await shells.run(
                request,
                recordStart: { group in
                    let started = Event.stepStarted(StepStarted(step: step.id, attempt: attempt, processGroup: group))
                    guard try await journal.record([started], when: Preconditions.canStart(step.id, attempt: attempt)) else {
                        throw StepAbandoned()
                    }
                },
                output: { lines in
                    await matcher.feed(lines)
                    await journal.log(step: step.id, attempt: attempt, lines: lines)
                })
        } catch let error as RunnerError {
            throw error
        } catch is StepAbandoned {
            return
        } catch is CancellationError {
            return  // the run is stopping (Ctrl-C); the run loop records the interruption
        } catch {
            throw .cannotRunStep(step: step.id, reason: "\(error)")
        }
        let outcome: AttemptOutcome
        switch result.termination {
        case let .exited(code) where code == 0:
            let (values, missing) = output.read(declared: step.outputs)
            outcome = missing.isEmpty
                ? .succeeded(exitCode: 0, outputs: values, note: nil)
                : .failed(exitCode: 0, reason: "exited 0 but did not write " + missing.joined(separator: ", ") + " to $CAPZFLOW_OUTPUT")
        case let .exited(code):
            outcome = .failed(exitCode: code, reason: "exited with code \(code)", outputMatched: await matcher.matched)
        case let .signalled(signal):
            outcome = .failed(exitCode: nil, reason: "killed by signal \(signal)", outputMatched: await matcher.matched)
        case .timedOut:
            outcome = .timedOut(idle: false, after: step.timeout)
        case .idleTimedOut:
            outcome = .timedOut(idle: true, after: step.idleTimeout ?? step.timeout)
        case .cancelled, .aborted:
            return
        }
        try await recordOutcome(outcome, step: step, attempt: attempt)
    }

    /// Runs the step's `check`; when it exits 0 the effect exists and the step is recorded as
    /// skipped with what the probe printed.
    private func probeFindsEffect(_ step: Step, check: String, attempt: Int) async throws(RunnerError) -> Bool {
        let state = await journal.state
        let request = StepProcessRequest(
            script: check, environment: environment.variables(for: step, attempt: attempt, state: state, outputFile: nil),
            workingDirectory: nil, timeout: step.timeout, idleTimeout: nil, killGrace: killGrace)
        let tail = LineTail(limit: 40)
        let result: StepProcessResult
        do {
            result = try await shells.run(request, recordStart: { _ in },
                                               output: { lines in await tail.append(lines) })
        } catch {
            logger.warning("check of step \(step.id) could not run: \(error)")
            return false
        }
        guard result.termination == .exited(0) else { return false }
        let skipped = Event.stepSkipped(StepSkipped(
            step: step.id, source: .probe, reason: "its check found the effect already in place",
            probeOutput: await tail.text))
        try await record([skipped], when: Preconditions.canStart(step.id, attempt: attempt))
        return true
    }

    // MARK: polls and services

    /// How a poll ended.
    enum PollResult {
        case ready([String: String])
        case expired
        case cancelled
        /// The condition exited with one of the `fail_on` codes: it will never come true.
        case gaveUp(Int32)
        /// The service whose readiness was polled is no longer running (`startService`, which
        /// knows its log, records why).
        case serviceExited
    }

    /// Runs `command` every `interval` until it exits 0 or `deadline` passes. Each run's
    /// output goes to the attempt's log; the successful run may write outputs. When `service`
    /// is given, the poll ends as soon as that process is gone: it will never become ready.
    private func poll(
        _ command: String, step: Step, attempt: Int, interval: Duration, deadline: Date, failOn: Set<Int32> = [],
        service: ProcessIdentity? = nil
    ) async throws(RunnerError) -> PollResult {
        let journal = self.journal
        while true {
            if let service, !service.isAlive { return .serviceExited }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return .expired }
            let output = try prepareOutput(step, attempt: attempt)
            let state = await journal.state
            let request = StepProcessRequest(
                script: command,
                environment: environment.variables(for: step, attempt: attempt, state: state, outputFile: output.path),
                workingDirectory: nil, timeout: .milliseconds(max(1, Int64(remaining * 1_000))), idleTimeout: nil,
                killGrace: killGrace)
            let result: StepProcessResult
            do {
                result = try await shells.run(request, recordStart: { _ in },
                                                   output: { lines in await journal.log(step: step.id, attempt: attempt, lines: lines) })
            } catch is CancellationError {
                return .cancelled
            } catch {
                throw .cannotRunStep(step: step.id, reason: "its poll could not start: \(error)")
            }
            switch result.termination {
            case .exited(0):
                let (values, missing) = output.read(declared: step.outputs)
                if missing.isEmpty { return .ready(values) }
                await journal.log(step: step.id, attempt: attempt, lines: [
                    "capzflow: the condition held but did not write " + missing.joined(separator: ", ") + "; polling again",
                ])
            case .cancelled:
                return .cancelled
            case let .exited(code) where failOn.contains(code):
                return .gaveUp(code)
            default:
                break
            }
            let pause = min(interval.timeInterval, deadline.timeIntervalSinceNow)
            guard pause > 0 else { return .expired }
            do {
                try await Task.sleep(for: .milliseconds(Int64(pause * 1_000)))
            } catch {
                return .cancelled
            }
        }
    }

    private func startService(
        _ step: Step, script: String, ready: String?, readyTimeout: Duration, failOn: Set<Int32>, attempt: Int
    ) async throws(RunnerError) {
        if let check = step.check, try await probeFindsEffect(step, check: check, attempt: attempt) { return }
        guard try await record([.stepStarted(StepStarted(step: step.id, attempt: attempt))],
                               when: Preconditions.canStart(step.id, attempt: attempt)) else { return }
        let state = await journal.state
        var note: String
        var launched: ProcessIdentity?
        let watched: ProcessIdentity
        let logPath = runFolder + "/services/\(step.id).log"
        // Every instance appends to the same log: this attempt's part starts here.
        let logStart = ServiceLauncher.logSize(logPath)
        let known = state.step(step.id).service.map { ProcessIdentity(pid: $0.pid, startTime: $0.startTime) }
        if let known, known.isAlive {
            note = "reused the running service (pid \(known.pid))"
            watched = known
        } else if let adopted = TaggedProcesses.serviceRoot(runFolder: runFolder, step: step.id) {
            // Launched by a runner that died before recording it: adopt it, start no second one.
            try await record([.serviceStarted(ServiceStarted(
                step: step.id, attempt: attempt, pid: adopted.pid, startTime: adopted.startTime, logPath: logPath))],
                when: Preconditions.isRunning(step.id, attempt: attempt))
            note = "adopted the service a previous runner started (pid \(adopted.pid))"
            watched = adopted
        } else {
            if let known {
                // What the dead service started may live on in its group (tilt under make) and
                // hold what the new one needs, such as Tilt's port.
                let ended = await OrphanSweeper.sweep(group: known.pid, runFolder: runFolder, step: step.id, grace: killGrace)
                if ended > 0 {
                    await journal.log(step: step.id, attempt: attempt, lines: ["capzflow: ended \(ended) leftover process(es) of the dead service (pid \(known.pid))"])
                }
            }
            let identity: ProcessIdentity
            do {
                identity = try ServiceLauncher.start(
                    script: script,
                    environment: environment.variables(for: step, attempt: attempt, state: state, outputFile: nil),
                    workingDirectory: nil, logPath: logPath)
            } catch {
                try await recordOutcome(.failed(exitCode: nil, reason: "could not start the service: \(error)"), step: step, attempt: attempt)
                return
            }
            launched = identity
            watched = identity
            note = "started the service (pid \(identity.pid), log \(logPath))"
            try await record([.serviceStarted(ServiceStarted(
                step: step.id, attempt: attempt, pid: identity.pid, startTime: identity.startTime, logPath: logPath))],
                when: Preconditions.isRunning(step.id, attempt: attempt))
        }
        guard let ready else {
            try await recordOutcome(.succeeded(exitCode: nil, outputs: [:], note: note), step: step, attempt: attempt)
            return
        }
        let result = try await poll(ready, step: step, attempt: attempt, interval: .seconds(1),
                                    deadline: Date().addingTimeInterval(readyTimeout.timeInterval), failOn: failOn, service: watched)
        if case .serviceExited = result {
            // What the service printed last says why it ended, and is what `if_output` looks at.
            let tail = ServiceLauncher.tail(ofLog: logPath, from: logStart, count: 40)
            let matcher = OutputMatcher(pattern: step.retry.outputPattern)
            await matcher.feed(tail)
            let last = tail.last.map { ": \($0)" } ?? ""
            let reason = "the service (pid \(watched.pid)) exited before it was ready\(last) (log \(logPath))"
            try await recordOutcome(.failed(exitCode: nil, reason: reason, outputMatched: await matcher.matched), step: step, attempt: attempt)
            return
        }
        switch result {
        case .expired:
            // A service this attempt started that never became ready is stopped, so the retry
            // starts a fresh one.
            if let launched { await ServiceLauncher.stop(launched, grace: killGrace) }
        case .gaveUp:
            // It will never be ready, whoever started it: a resume must not reuse it.
            await ServiceLauncher.stop(watched, grace: killGrace)
        default:
            break
        }
        if case .ready = result { note += "; ready" }
        try await finish(step, attempt: attempt, result: result, waitedFor: readyTimeout, note: note)
    }

    // MARK: recording

    private func finish(_ step: Step, attempt: Int, result: PollResult, waitedFor limit: Duration, note: String? = nil) async throws(RunnerError) {
        switch result {
        case let .ready(outputs):
            try await recordOutcome(.succeeded(exitCode: nil, outputs: outputs, note: note), step: step, attempt: attempt)
        case .expired:
            try await recordOutcome(.timedOut(idle: false, after: limit), step: step, attempt: attempt)
        case let .gaveUp(code):
            try await recordOutcome(
                .gaveUp(exitCode: code, reason: "its condition exited \(code), which says it will not come true (fail_on; not retried)"),
                step: step, attempt: attempt)
        case .cancelled, .serviceExited:
            return
        }
    }

    /// Records how an attempt ended. Nothing is done on an outcome before the next durable
    /// write (the next attempt's or step's start, the run's end), which syncs it too: one disk
    /// sync per step instead of two.
    private func recordOutcome(_ outcome: AttemptOutcome, step: Step, attempt: Int) async throws(RunnerError) {
        try await journal.record(outcome, of: step, attempt: attempt, durability: .deferred)
    }

    @discardableResult
    private func record(_ events: [Event], when precondition: @escaping @Sendable (RunState) -> Bool) async throws(RunnerError) -> Bool {
        try await journal.record(events, when: precondition)
    }

    private func prepareOutput(_ step: Step, attempt: Int) throws(RunnerError) -> OutputFile {
        do {
            return try OutputFile.prepare(in: runFolder + "/outputs", step: step.id, attempt: attempt, declared: step.outputs)
        } catch {
            throw .cannotRunStep(step: step.id, reason: "cannot create its output file in \(runFolder): \(error)")
        }
    }
}
