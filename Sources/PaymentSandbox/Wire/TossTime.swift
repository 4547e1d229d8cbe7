import Foundation

/// Toss writes times as ISO 8601 in Korean time with an offset, e.g. `2024-02-13T12:18:14+09:00`.
enum TossTime {
    static let korea = TimeZone(secondsFromGMT: 9 * 3600)!

    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: korea))
    }
}
