import Foundation
import GRDB
import TicketingDomain

extension Date {
    /// The text GRDB stores for this date, "yyyy-MM-dd HH:mm:ss.SSS" in UTC (to the nearest
    /// millisecond, as its formatter rounds), made by arithmetic. GRDB makes it with a
    /// `DateFormatter`, ~2 % of a rush's server CPU on the order path's statements (BENCHMARKS.md,
    /// "fifth session"); `StoredDateTests` holds the two to the same text. Years outside 1…9999
    /// go to GRDB.
    var storedText: String {
        let millis = (timeIntervalSince1970 * 1_000 + 0.5).rounded(.down)
        // 0001-01-01 and 10000-01-01 in milliseconds since 1970.
        guard millis >= -62_135_596_800_000, millis < 253_402_300_800_000 else {
            return String.fromDatabaseValue(databaseValue) ?? ""
        }
        let total = Int(millis)
        var days = total / 86_400_000
        var inDay = total - days * 86_400_000
        if inDay < 0 {
            days -= 1
            inDay += 86_400_000
        }
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)

        var bytes = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int, _ width: Int, at offset: Int) {
            var rest = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(year, 4, at: 0)
        bytes[4] = UInt8(ascii: "-")
        put(month, 2, at: 5)
        bytes[7] = UInt8(ascii: "-")
        put(day, 2, at: 8)
        bytes[10] = UInt8(ascii: " ")
        put(inDay / 3_600_000, 2, at: 11)
        bytes[13] = UInt8(ascii: ":")
        put(inDay / 60_000 % 60, 2, at: 14)
        bytes[16] = UInt8(ascii: ":")
        put(inDay / 1_000 % 60, 2, at: 17)
        bytes[19] = UInt8(ascii: ".")
        put(inDay % 1_000, 3, at: 20)
        return String(decoding: bytes, as: UTF8.self)
    }
}
