import Foundation

/// Toss writes times as ISO 8601 in Korean time with an offset, e.g. `2024-02-13T12:18:14+09:00`.
enum TossTime {
    static let korea = TimeZone(secondsFromGMT: 9 * 3600)!

    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: korea))
    }

    /// A query date as Toss' transactions lookup takes it: `2022-01-01T00:00:00`, optionally
    /// with milliseconds (`…T23:59:59.999`) and an offset; without one it is Korean time, as at
    /// Toss. Parsed by hand: Foundation's ISO 8601 parsing of offset-less times differs by platform.
    static func parseQuery(_ text: String) -> Date? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        func group(_ index: Int) -> String? {
            Range(match.range(at: index), in: text).map { String(text[$0]) }
        }
        var zone = korea
        if let offset = group(8), offset != "Z" {
            let sign = offset.hasPrefix("-") ? -1 : 1
            let hours = Int(offset.dropFirst().prefix(2)) ?? 0
            let minutes = Int(offset.suffix(2)) ?? 0
            guard let parsed = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60)) else { return nil }
            zone = parsed
        } else if group(8) == "Z" {
            zone = TimeZone(secondsFromGMT: 0)!
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var parts = DateComponents()
        parts.year = group(1).flatMap { Int($0) }
        parts.month = group(2).flatMap { Int($0) }
        parts.day = group(3).flatMap { Int($0) }
        parts.hour = group(4).flatMap { Int($0) }
        parts.minute = group(5).flatMap { Int($0) }
        parts.second = group(6).flatMap { Int($0) }
        guard let month = parts.month, (1...12).contains(month), let day = parts.day, (1...31).contains(day),
              let hour = parts.hour, hour < 24, let minute = parts.minute, minute < 60,
              let second = parts.second, second < 60, let date = calendar.date(from: parts) else { return nil }
        let fraction = group(7).map { Double("0." + $0) ?? 0 } ?? 0
        return date.addingTimeInterval(fraction)
    }
}
