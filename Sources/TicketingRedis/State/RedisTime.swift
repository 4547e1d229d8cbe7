import Foundation

/// Scripts take the time as an argument (milliseconds since the epoch) rather than reading
/// Redis's clock: the caller injects it, as everywhere else in the domain.
public enum RedisTime {
    public static func milliseconds(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    public static func date(milliseconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
