import CapzFlowCore
import CapzFlowStore
import Foundation

/// The runner's single writer for one run: it appends events under the lease, folds them
/// into the run state, and catches up with events other processes appended.
///
/// Every step task records through here, one append at a time, so the state it holds is
/// always the fold of what is durable — never of what is merely intended.
///
/// - Important: an append names the sequence number it expects and the lease token it holds.
///   When another process appended meanwhile (a `signal`, `skip` or `cancel`), the journal
///   folds those events first and asks the caller's precondition again before writing; when
///   another runner took the lease, nothing more is written.
actor RunJournal {
    let store: EventStore
    let runId: String
    let token: String
    let redactor: Redactor
    let observer: (any RunObserver)?
    let crashPoint: CrashPoint?
    private(set) var state: RunState
    /// The first error met while storing output, which cannot be thrown from the output
    /// stream; the run loop checks it and stops.
    private(set) var fault: RunnerError?

    init(
        store: EventStore, runId: String, token: String, state: RunState, redactor: Redactor, observer: (any RunObserver)?,
        crashPoint: CrashPoint?
    ) {
        self.store = store
        self.runId = runId
        self.token = token
        self.state = state
        self.redactor = redactor
        self.observer = observer
        self.crashPoint = crashPoint
    }

    /// Appends `events` in one transaction if `precondition` holds for the current state.
    ///
    /// - Parameter durability: `.deferred` only for events nothing is done on before the next
    ///   durable append (an attempt's outcome: the next start or the run's end syncs it).
    /// - Returns: false when the precondition failed (after catching up), so nothing was written.
    /// - Throws: `RunnerError.leaseLost` when another runner holds the run now, or `.store`.
    @discardableResult
    func record(
        _ events: [Event], when precondition: @Sendable (RunState) -> Bool = { _ in true }, durability: Durability = .immediate
    ) throws(RunnerError) -> Bool {
        guard !events.isEmpty else { return true }
        while true {
            guard precondition(state) else { return false }
            let now = Date()
            let stored = events.map { storedForm(of: $0, at: now) }
            var next = state
            var recorded: [RecordedEvent] = []
            for (offset, item) in stored.enumerated() {
                let event = RecordedEvent(seq: state.lastSeq + offset + 1, at: now, event: item.event)
                next = evolve(next, event)
                recorded.append(event)
            }
            let update = next.status != state.status || next.finishedAt != state.finishedAt
                ? RunStatusUpdate(status: next.status.rawValue, finishedAt: next.finishedAt) : nil
            do throws(StoreError) {
                _ = try store.append(stored.map(\.new), to: runId, expectedLastSeq: state.lastSeq, leaseToken: token, status: update,
                                     durability: durability)
            } catch .sequenceConflict {
                try refresh()
                continue
            } catch .leaseLost {
                throw .leaseLost(runId: runId)
            } catch {
                throw .store(error)
            }
            state = next
            for event in recorded { observer?.recorded(event, state: state) }
            crashPoint?.crashIfReached(recorded)
            return true
        }
    }

    /// The state and the first output-storing fault, read together: one hop to the journal for
    /// what the run loop looks at before every decision.
    var snapshot: (state: RunState, fault: RunnerError?) {
        (state, fault)
    }

    /// Records how an attempt ended, with the events `outcome` makes from the step's state as
    /// this journal holds it now, if the attempt is still the running one.
    /// - Parameter durability: see `record`; an outcome nothing acts on at once is `.deferred`.
    func record(_ outcome: AttemptOutcome, of step: Step, attempt: Int, durability: Durability) throws(RunnerError) {
        let events = outcome.events(step: step, state: state.step(step.id), attempt: attempt, now: Date())
        try record(events, when: Preconditions.isRunning(step.id, attempt: attempt), durability: durability)
    }

    /// Folds events that other processes appended since the last one this journal knows.
    func refresh() throws(RunnerError) {
        let fresh: [StoredEvent]
        do throws(StoreError) {
            guard let last = try store.lastSeq(of: runId), last > state.lastSeq else { return }
            fresh = try store.events(of: runId, after: state.lastSeq)
        } catch {
            throw .store(error)
        }
        for item in fresh {
            let event: Event
            do {
                event = try Event.decode(type: item.type, payload: item.payload)
            } catch {
                throw .unreadableEvents(runId: runId, reason: error.description)
            }
            let recorded = RecordedEvent(seq: item.seq, at: item.at, event: event)
            state = evolve(state, recorded)
            observer?.recorded(recorded, state: state)
            crashPoint?.crashIfReached([recorded])
        }
    }

    /// Stores a batch of output lines of one attempt, redacted.
    func log(step: String, attempt: Int, lines: [String]) {
        guard !lines.isEmpty, fault == nil else { return }
        let text = redactor.redact(lines.joined(separator: "\n"))
        do throws(StoreError) {
            try store.appendLog([NewLogChunk(step: step, attempt: attempt, at: Date(), text: text)], to: runId, leaseToken: token)
        } catch .leaseLost {
            fault = .leaseLost(runId: runId)
            return
        } catch {
            fault = .store(error)
            return
        }
        observer?.output(step: step, attempt: attempt, lines: redactor.isEmpty ? lines : text.components(separatedBy: "\n"))
    }

    /// Extends the lease; the runner calls it every few seconds.
    func heartbeat(expiresIn seconds: TimeInterval) throws(RunnerError) {
        let now = Date()
        do throws(StoreError) {
            try store.heartbeat(runId: runId, token: token, at: now, expiresAt: now.addingTimeInterval(seconds))
        } catch .leaseLost {
            throw .leaseLost(runId: runId)
        } catch {
            throw .store(error)
        }
    }

    /// Gives the lease up, so the next `resume` starts without a takeover.
    func release() {
        // A lease that cannot be released expires or is taken over by the next resume, which
        // records the takeover; nothing is lost, so the error is not worth failing the run.
        try? store.releaseLease(runId: runId, token: token)
    }

    /// The stored form of an event: redacted, and — when redaction changed it — decoded
    /// again, so the state folded here equals the state a later replay will fold.
    private func storedForm(of event: Event, at: Date) -> (new: NewEvent, event: Event) {
        let payload = event.payloadJSON()
        let redacted = redactor.redact(payload)
        var folded = event
        if redacted != payload, let decoded = try? Event.decode(type: event.type, payload: redacted) {
            folded = decoded
        }
        return (NewEvent(at: at, type: event.type, step: event.step, attempt: event.attempt, payload: redacted), folded)
    }
}
