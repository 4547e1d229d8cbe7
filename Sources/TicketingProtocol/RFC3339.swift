import Foundation
import TicketingDomain

/// RFC 3339 `date-time` (section 5.6), read by hand: Foundation's ISO 8601 parser refuses zone
/// offsets beyond ±18:00 (`TimeZone`'s range) although RFC 3339 allows any `time-hour` up to 23,
/// reads `+09:60` as `+10:00`, and its range checks vary between releases.
public enum RFC3339 {
    /// `YYYY-MM-DDTHH:MM:SSZ`, the fraction dropped. Written by hand for years 1900–9999 (every
    /// time a response carries): the format style cost more than the rest of an order's JSON.
    /// Earlier years keep the style, whose calendar turns Julian before 1582.
    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= -2_208_988_800, seconds < 253_402_300_800 else { return styled(date) }
        let whole = Int(seconds)
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let inDay = whole - days * 86_400
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        var out = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int, at index: Int, width: Int) {
            var value = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                out[index + offset] = UInt8(48 + value % 10)
                value /= 10
            }
        }
        put(year, at: 0, width: 4)
        out[4] = UInt8(ascii: "-")
        put(month, at: 5, width: 2)
        out[7] = UInt8(ascii: "-")
        put(day, at: 8, width: 2)
        out[10] = UInt8(ascii: "T")
        put(inDay / 3_600, at: 11, width: 2)
        out[13] = UInt8(ascii: ":")
        put(inDay / 60 % 60, at: 14, width: 2)
        out[16] = UInt8(ascii: ":")
        put(inDay % 60, at: 17, width: 2)
        out[19] = UInt8(ascii: "Z")
        return String(decoding: out, as: UTF8.self)
    }

    /// Foundation's format style, for the years the hand-written path leaves out.
    static func styled(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false)
            .timeZone(separator: .omitted).dateSeparator(.dash).timeSeparator(.colon))
    }

    /// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `T` and `Z` in either case. Second 60 (a leap
    /// second) is accepted and lands on the next minute; anything out of range is nil.
    public static func parse(_ text: String) -> Date? {
        var reader = Reader(bytes: Array(text.utf8))
        guard let year = reader.digits(4), reader.skip("-"), let month = reader.digits(2), reader.skip("-"),
              let day = reader.digits(2), reader.skip("T", "t"), let hour = reader.digits(2), reader.skip(":"),
              let minute = reader.digits(2), reader.skip(":"), let second = reader.digits(2) else { return nil }
        var fraction = 0.0
        if reader.skip(".") {
            guard let text = reader.digitRun(), let value = Double("0." + text) else { return nil }
            fraction = value
        }
        var offsetMinutes = 0
        if !reader.skip("Z", "z") {
            let sign = reader.skip("+") ? 1 : reader.skip("-") ? -1 : 0
            guard sign != 0, let hours = reader.digits(2), reader.skip(":"), let minutes = reader.digits(2),
                  hours <= 23, minutes <= 59 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        }
        guard reader.atEnd, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        let seconds = CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ choices: Unicode.Scalar...) -> Bool {
            guard index < bytes.count, choices.contains(where: { UInt8($0.value) == bytes[index] }) else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }

        /// One or more digits, as text.
        mutating func digitRun() -> String? {
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }
    }
}
