#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Logging

extension StepProcess {
    /// Watches a released step from a thread of its own until its process has exited: reads its
    /// output into batches, delivers them, and enforces its time limits.
    ///
    /// One loop owns all the state and blocks in `poll` on the output and the process's pidfd,
    /// waking at the latest every `tickInterval` for the timers. Each batch is delivered before
    /// more is read, so memory stays bounded however much the step prints, and batches arrive
    /// one at a time and in order.
    struct Supervisor {
        private static let tickInterval: Int32 = 50  // milliseconds
        private static let batchLines = 256
        private static let batchBytes = 64 * 1024
        private static let batchAge: Duration = .milliseconds(100)
        /// How much output still in the pipe is read once the process has exited: what it wrote
        /// before exiting, not what a background process that kept the pipe writes on and on.
        private static let drainLimit = 16

        private struct Teardown {
            var reason: StepTermination
            var startedAt: ContinuousClock.Instant
            var killed = false
        }

        private let child: StepChild
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
        private let logger = Logger(label: "capzflow.step-process")

        init(
            child: StepChild,
            request: StepProcessRequest,
            cancellation: CancellationRequest,
            deliver: @escaping @Sendable ([String]) async -> Void
        ) {
            let now = clock.now
            self.child = child
            self.request = request
            self.cancellation = cancellation
            self.deliver = deliver
            self.deadline = now.advanced(by: request.timeout)
            self.lines = OutputLineBuffer(maxLineBytes: request.maxLineBytes)
            self.batchStartedAt = now
            self.lastOutputAt = now
        }

        /// Runs until the process has exited and its output is delivered; returns why the step
        /// was torn down, or `nil` if it ended by itself. Blocks the calling thread.
        mutating func run() -> StepTermination? {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
            defer { buffer.deallocate() }
            var outputOpen = true
            while true {
                check(now: clock.now)
                let (readable, exited) = child.wait(outputOpen: outputOpen, timeout: Self.tickInterval)
                if exited {
                    var reads = 0
                    while outputOpen, reads < Self.drainLimit, let count = child.read(into: buffer) {
                        if count == 0 { outputOpen = false } else { take(UnsafeRawBufferPointer(rebasing: buffer[..<count])) }
                        reads += 1
                    }
                    break
                }
                if readable, let count = child.read(into: buffer) {
                    if count == 0 { outputOpen = false } else { take(UnsafeRawBufferPointer(rebasing: buffer[..<count])) }
                }
            }
            if let last = lines.finish() {
                add([last])
            }
            flush()
            return teardown?.reason
        }

        private mutating func take(_ bytes: UnsafeRawBufferPointer) {
            lastOutputAt = clock.now
            add(lines.append(bytes))
            // Time spent waiting for our own delivery is not the step being idle.
            lastOutputAt = clock.now
        }

        private mutating func add(_ completed: [String]) {
            for line in completed {
                if batch.isEmpty {
                    batchStartedAt = clock.now
                }
                batch.append(line)
                batchByteCount += line.utf8.count
                if batch.count >= Self.batchLines || batchByteCount >= Self.batchBytes {
                    flush()
                }
            }
        }

        /// Delivers the batch and waits until it is stored: `deliver` is asynchronous (it writes
        /// through the run's journal), this thread is not.
        private mutating func flush() {
            guard !batch.isEmpty else { return }
            let full = batch
            batch.removeAll(keepingCapacity: true)
            batchByteCount = 0
            let delivered = DispatchSemaphore(value: 0)
            let deliver = self.deliver
            Task {
                await deliver(full)
                delivered.signal()
            }
            delivered.wait()
        }

        private mutating func check(now: ContinuousClock.Instant) {
            let group = child.pid
            if let started = teardown {
                if !started.killed, now >= started.startedAt.advanced(by: request.killGrace) {
                    logger.notice("process group \(group) outlived its grace period; sending SIGKILL")
                    ProcessGroup.send(SIGKILL, to: group)
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
                flush()
            }
        }

        private mutating func stop(_ reason: StepTermination, now: ContinuousClock.Instant, why: String) {
            let group = child.pid
            logger.notice(
                "stopping process group \(group) because \(why): SIGTERM now, SIGKILL after \(request.killGrace)"
            )
            ProcessGroup.send(SIGTERM, to: group)
            teardown = Teardown(reason: reason, startedAt: now)
        }
    }
}
