import CapzFlowCore
import Foundation

/// Times and durations as people read them: local time, compact durations.
enum TimeText {
    /// `14:03:07`, local time (`TZ`). Printed for every event of a run, so it asks the C library
    /// rather than Foundation's calendar, which costs tens of microseconds a call.
    static func clock(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var local = tm()
        localtime_r(&seconds, &local)
        return twoDigits(local.tm_hour) + ":" + twoDigits(local.tm_min) + ":" + twoDigits(local.tm_sec)
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    /// `2026-11-25 14:03:07`, local time.
    static func full(_ date: Date) -> String {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d ", c.year ?? 0, c.month ?? 0, c.day ?? 0) + clock(date)
    }

    /// The time between two dates, compactly (`1m30s`).
    static func span(from start: Date?, to end: Date?) -> String {
        guard let start, let end else { return "-" }
        return DurationText.format(.milliseconds(Int64(max(0, end.timeIntervalSince(start)) * 1_000)))
    }
}
