import Foundation

/// Durations and dates as the screens print them. Dates are shown in one injected time zone
/// (the terminal user's), so goldens stay fixed whatever zone the test machine is in.
public enum TimeText {
    /// "00:04:59" for under a day, "2d 03:04:05" (2일 03:04:05) beyond; negative durations clamp
    /// to zero.
    public static func clock(seconds: Int, language lang: Language = .en) -> String {
        let s = max(0, seconds)
        let days = s / 86_400
        let hms = String(format: "%02d:%02d:%02d", (s % 86_400) / 3_600, (s % 3_600) / 60, s % 60)
        return days > 0 ? lang.text("{0}d {1}", "\(days)", hms) : hms
    }

    /// "04:59" for a countdown that never reaches an hour (holds, tokens).
    public static func minutes(seconds: Int, language lang: Language = .en) -> String {
        let s = max(0, seconds)
        if s >= 3_600 { return clock(seconds: s, language: lang) }
        return String(format: "%02d:%02d", s / 60, s % 60)
    }

    /// "5 min", "90 s", "7 min 30 s": a configured length of time.
    public static func duration(seconds: Int, language lang: Language = .en) -> String {
        let s = max(0, seconds)
        if s < 60 { return lang.text("{0} s", "\(s)") }
        return s % 60 == 0 ? lang.text("{0} min", "\(s / 60)") : lang.text("{0} min {1} s", "\(s / 60)", "\(s % 60)")
    }

    /// "about 3 min", "about 45 s": an estimate should not look more precise than it is.
    public static func estimate(seconds: Int, language lang: Language = .en) -> String {
        let s = max(0, seconds)
        if s < 60 { return lang.text("about {0} s", "\(s)") }
        if s < 3_600 { return lang.text("about {0} min", "\((s + 30) / 60)") }
        let hours = s / 3_600
        let minutes = (s % 3_600 + 30) / 60
        return minutes == 0 ? lang.text("about {0} h", "\(hours)")
            : lang.text("about {0} h {1} min", "\(hours)", "\(minutes)")
    }

    /// Whole seconds from `now` to `date`, rounded up so a countdown shows 00:00:01 until it is over.
    public static func secondsUntil(_ date: Date, from now: Date) -> Int {
        Int(date.timeIntervalSince(now).rounded(.up))
    }

    /// "2026-12-24 19:00" in `zone`.
    public static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        let c = components(date, zone)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0)
    }

    /// Reads "2026-12-24 19:00" (as `dateTime` writes it) in `zone`; nil for anything else,
    /// including dates that do not exist such as 02-30.
    public static func parseDateTime(_ text: String, in zone: TimeZone) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { "- :T".contains($0) })
        guard parts.count == 5, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == 5 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wanted = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3],
                                    minute: numbers[4])
        guard let date = calendar.date(from: wanted) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.year == wanted.year, back.month == wanted.month, back.day == wanted.day,
              back.hour == wanted.hour, back.minute == wanted.minute else { return nil }
        return date
    }

    /// "12-24" in `zone`, for compact chart labels.
    public static func monthDay(_ date: Date, in zone: TimeZone) -> String {
        let c = components(date, zone)
        return String(format: "%02d-%02d", c.month ?? 0, c.day ?? 0)
    }

    /// "19:00:05" in `zone`.
    public static func timeOfDay(_ date: Date, in zone: TimeZone) -> String {
        let c = components(date, zone)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    private static func components(_ date: Date, _ zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }
}
