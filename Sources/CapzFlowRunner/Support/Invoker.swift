import Foundation

/// Who is acting, for the `by` field of events (`alice@laptop`).
public enum Invoker {
    /// `$USER@host`, else the account name of the process's user, else `uid N@host`.
    public static func current(environment: [String: String]) -> String {
        let user = environment["USER"] ?? environment["LOGNAME"] ?? accountName() ?? "uid \(getuid())"
        return "\(user)@\(ProcessIdentity.hostName)"
    }

    private static func accountName() -> String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}
