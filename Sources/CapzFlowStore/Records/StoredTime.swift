import Foundation
import GRDB

/// The one text form of a time in the database: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, the form
/// GRDB reads back into a `Date` and which sorts as time does.
///
/// Made by hand rather than by GRDB's default encoding, which goes through a `DateFormatter`:
/// its first use loads ICU's calendar data, about a millisecond of every run's start for text
/// that needs none of it. Rounded to the nearest millisecond, like event payload times
/// (`EventJSON.timestamp`), so a time reads back the same from either.
enum StoredTime {
    /// The record encoding strategy that writes this form.
    static let encoding = DatabaseDateEncodingStrategy.custom { text($0) }

    /// `date` in the database's text form.
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1_000).rounded())
        var seconds = time_t(milliseconds / 1_000)
        var fraction = Int(milliseconds % 1_000)
        if fraction < 0 {
            seconds -= 1
            fraction += 1_000
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(23)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1_900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        bytes.append(UInt8(ascii: " "))
        digits(Int(parts.tm_hour), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        bytes.append(UInt8(ascii: "."))
        digits(fraction, 3)
        return String(decoding: bytes, as: UTF8.self)
    }
}
