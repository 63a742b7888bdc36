import Foundation
import Logging

/// Sends the libraries' logs to standard error at the level `$CAPZFLOW_LOG_LEVEL` names
/// (`trace` … `critical`), `error` by default.
///
/// The libraries log what they also report by throwing; showing both by default would print
/// every failure twice.
enum LogSetup {
    static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["CAPZFLOW_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .error
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
