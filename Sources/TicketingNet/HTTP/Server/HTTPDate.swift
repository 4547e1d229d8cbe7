import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The `Date` header every response carries (RFC 9110 §6.6.1) in IMF-fixdate. Formatted at
/// most once a second and shared by every connection: a response only takes a short lock.
public enum HTTPDate {
    private static let cache = Mutex<(second: Int, text: String)>((Int.min, ""))

    public static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return at(second: Int(spec.tv_sec))
    }

    public static func at(second: Int) -> String {
        cache.withLock { cached in
            if cached.second != second { cached = (second, format(second: second)) }
            return cached.text
        }
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for `second` after the Unix epoch.
    public static func format(second: Int) -> String {
        var time = time_t(second)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = String(parts.tm_year + 1900)
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) "
            + "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
