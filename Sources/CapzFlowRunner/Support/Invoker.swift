import Foundation

/// Who is acting, for the `by` field of events (`alice@laptop`).
public enum Invoker {
    /// `$USER@host`, or `pid N@host` when no user name is known.
    public static func current(environment: [String: String]) -> String {
        let user = environment["USER"] ?? environment["LOGNAME"] ?? "pid \(getpid())"
        return "\(user)@\(ProcessIdentity.hostName)"
    }
}
