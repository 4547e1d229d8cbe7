import Foundation
import GRDB
import Testing
@testable import TicketingStorage

/// `Date.storedText` is the text GRDB itself stores for a date, for any instant: the order
/// path binds it in place of the `Date`, and rows written either way must compare and read back
/// the same.
@Suite("Stored date text")
struct StoredDateTests {
    private func grdb(_ date: Date) -> String? { String.fromDatabaseValue(date.databaseValue) }

    @Test func matchesGRDBAcrossCenturiesAndMillisecondEdges() {
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        // Whole milliseconds, a hair either side of them, day and leap-year edges, before 1970.
        let anchors: [TimeInterval] = [0, -0.0005, 0.0005, 0.999_999, 951_782_400, 951_868_799.999, 4_107_542_399.999,
                                       -86_400.001, -2_208_988_800, 253_402_300_799.999, 1_765_000_000.123]
        for anchor in anchors {
            for nudge in [-1e-7, 0, 1e-7] {
                let date = Date(timeIntervalSince1970: anchor + nudge)
                #expect(date.storedText == grdb(date), "\(anchor + nudge)")
                checked += 1
            }
        }
        for _ in 0..<20_000 {
            let seconds = Double.random(in: -2_208_988_800...4_102_444_800, using: &generator)
            let date = Date(timeIntervalSince1970: seconds)
            #expect(date.storedText == grdb(date), "\(seconds)")
            let now = Date(timeIntervalSinceReferenceDate: Double(Int.random(in: 780_000_000_000...1_100_000_000_000,
                                                                             using: &generator)) / 1_000)
            #expect(now.storedText == grdb(now), "\(now.timeIntervalSinceReferenceDate)")
            checked += 2
        }
        #expect(checked > 40_000)
    }

    @Test func yearsOutsideFourDigitsFallBackToGRDB() {
        for date in [Date.distantFuture, Date.distantPast, Date(timeIntervalSince1970: 253_402_300_800)] {
            #expect(date.storedText == grdb(date))
        }
    }
}
