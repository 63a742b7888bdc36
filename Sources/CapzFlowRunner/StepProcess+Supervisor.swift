#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import Subprocess

extension StepProcess {
    /// Streams a released step's output in batches and enforces its limits until the guard exits.
    ///
    /// One loop owns all the state: a reader task hands it each chunk of output and a ticker
    /// task wakes it regularly, both waiting until the loop is done with what they sent. So at
    /// most one chunk is in flight (memory stays bounded however much the step prints), batches
    /// are delivered one at a time and in order, and timers need no locks.
    struct Supervisor {
        private static let tickInterval: Duration = .milliseconds(50)
        private static let batchLines = 256
        private static let batchBytes = 64 * 1024
        private static let batchAge: Duration = .milliseconds(100)

        private enum Event: Sendable {
            case output(SubprocessOutputSequence.Buffer, done: CheckedContinuation<Void, Never>)
            case tick(done: CheckedContinuation<Void, Never>)
            case finished((any Error)?)
        }

        private struct Teardown {
            var reason: StepTermination
            var startedAt: ContinuousClock.Instant
            var killed = false
        }

        private let processGroup: Int32
        private let request: StepProcessRequest
        private let cancellation: CancellationRequest
        private let deliver: @Sendable ([String]) async -> Void
        private let clock = ContinuousClock()
        private let deadline: ContinuousClock.Instant
        private var lines: OutputLineBuffer
        private var batch: [String] = []
        private var batchByteCount = 0
        private var batchStartedAt: ContinuousClock.Instant
        private var lastOutputAt: ContinuousClock.Instant
        private var teardown: Teardown?
        private var failure: (any Error)?
        private let logger = Logger(label: "capzflow.step-process")

        init(
            processGroup: Int32,
            request: StepProcessRequest,
            cancellation: CancellationRequest,
            deliver: @escaping @Sendable ([String]) async -> Void
        ) {
            let now = clock.now
            self.processGroup = processGroup
            self.request = request
            self.cancellation = cancellation
            self.deliver = deliver
            self.deadline = now.advanced(by: request.timeout)
            self.lines = OutputLineBuffer(maxLineBytes: request.maxLineBytes)
            self.batchStartedAt = now
            self.lastOutputAt = now
        }

        /// Runs until the guard has exited and all output is delivered; returns why the step was
        /// torn down, or `nil` if it ended by itself.
        mutating func run(_ output: SubprocessOutputSequence) async throws -> StepTermination? {
            let (events, sink) = AsyncStream.makeStream(of: Event.self)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await Self.read(output, into: sink) }
                group.addTask { await Self.wakeRegularly(sink) }
                for await event in events {
                    if case .finished = event {
                        // Ends the loop once the events already sent are handled.
                        sink.finish()
                    }
                    await handle(event)
                }
                group.cancelAll()
            }
            if let failure {
                throw failure
            }
            return teardown?.reason
        }

        // MARK: Producers

        /// Sends an event and waits until the loop has handled it.
        private static func send(
            to sink: AsyncStream<Event>.Continuation,
            _ event: (CheckedContinuation<Void, Never>) -> Event
        ) async {
            await withCheckedContinuation { done in
                if case .terminated = sink.yield(event(done)) {
                    done.resume()
                }
            }
        }

        /// Reads the combined output until the guard has exited and the pipe is drained.
        private static func read(
            _ output: SubprocessOutputSequence, into sink: AsyncStream<Event>.Continuation
        ) async {
            do {
                for try await buffer in output {
                    await send(to: sink) { .output(buffer, done: $0) }
                }
                sink.yield(.finished(nil))
            } catch {
                sink.yield(.finished(error))
            }
        }

        /// Wakes the loop every `tickInterval` until cancelled (the sleep throws only then).
        private static func wakeRegularly(_ sink: AsyncStream<Event>.Continuation) async {
            while (try? await Task.sleep(for: tickInterval)) != nil {
                await send(to: sink) { .tick(done: $0) }
            }
        }

        // MARK: The loop

        private mutating func handle(_ event: Event) async {
            switch event {
            case .output(let buffer, let done):
                lastOutputAt = clock.now
                let completed = buffer.withUnsafeBytes { lines.append($0) }
                await add(completed)
                // Time spent waiting for our own delivery is not the step being idle.
                lastOutputAt = clock.now
                done.resume()
            case .tick(let done):
                await check(now: clock.now)
                done.resume()
            case .finished(let error):
                failure = error
                if let last = lines.finish() {
                    await add([last])
                }
                await flush()
            }
        }

        private mutating func add(_ completed: [String]) async {
            for line in completed {
                if batch.isEmpty {
                    batchStartedAt = clock.now
                }
                batch.append(line)
                batchByteCount += line.utf8.count
                if batch.count >= Self.batchLines || batchByteCount >= Self.batchBytes {
                    await flush()
                }
            }
        }

        private mutating func flush() async {
            guard !batch.isEmpty else { return }
            let full = batch
            batch.removeAll(keepingCapacity: true)
            batchByteCount = 0
            await deliver(full)
        }

        private mutating func check(now: ContinuousClock.Instant) async {
            if let started = teardown {
                if !started.killed, now >= started.startedAt.advanced(by: request.killGrace) {
                    logger.notice("process group \(processGroup) outlived its grace period; sending SIGKILL")
                    ProcessGroup.send(SIGKILL, to: processGroup)
                    teardown?.killed = true
                }
            } else if cancellation.isRequested {
                stop(.cancelled, now: now, why: "the run is stopping (interrupted or cancelled)")
            } else if now >= deadline {
                stop(.timedOut, now: now, why: "it ran longer than \(request.timeout)")
            } else if let idle = request.idleTimeout, now >= lastOutputAt.advanced(by: idle) {
                stop(.idleTimedOut, now: now, why: "it printed nothing for \(idle)")
            }
            if !batch.isEmpty, now >= batchStartedAt.advanced(by: Self.batchAge) {
                await flush()
            }
        }

        private mutating func stop(_ reason: StepTermination, now: ContinuousClock.Instant, why: String) {
            logger.notice(
                "stopping process group \(processGroup) because \(why): SIGTERM now, SIGKILL after \(request.killGrace)"
            )
            ProcessGroup.send(SIGTERM, to: processGroup)
            teardown = Teardown(reason: reason, startedAt: now)
        }
    }
}
