import Dispatch
import Foundation

/// Catches SIGINT, SIGTERM and SIGHUP while a run is driven, so the runner can stop its
/// steps, record the interruption and exit 130 instead of dying mid-write.
///
/// `@unchecked Sendable`: its mutable state is only touched under `lock`.
final class SignalTrap: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [any DispatchSourceSignal] = []
    private var caught: Int32?

    /// Starts catching `signals`; `handler` runs once, for the first one, on a dispatch queue.
    init(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.deliver(number, to: handler) }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal caught, if any.
    var caughtSignal: Int32? { lock.withLock { caught } }

    /// Stops catching and restores the default dispositions.
    func restore() {
        let list = lock.withLock { () -> [any DispatchSourceSignal] in
            defer { sources.removeAll() }
            return sources
        }
        for source in list { source.cancel() }
        for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
    }

    private func deliver(_ number: Int32, to handler: @Sendable (Int32) -> Void) {
        let first = lock.withLock { () -> Bool in
            guard caught == nil else { return false }
            caught = number
            return true
        }
        if first { handler(number) }
    }

    /// The conventional name of a signal, for events and messages.
    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}
