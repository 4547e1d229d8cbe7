import Foundation
import Testing
import TicketingDomain

@Suite("Settlement periods")
struct SettlementCalendarTests {
    static func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test func daysAreUTCDays() {
        let day = SettlementCalendar.day
        let period = day.period(containing: Self.utc("2026-12-24T23:59:59Z"))
        #expect(period.start == Self.utc("2026-12-24T00:00:00Z") && period.end == Self.utc("2026-12-25T00:00:00Z"))
        #expect(day.period(containing: Self.utc("2026-12-25T00:00:00Z")).start == Self.utc("2026-12-25T00:00:00Z"))
        #expect(period.contains(Self.utc("2026-12-24T00:00:00Z")) && !period.contains(Self.utc("2026-12-25T00:00:00Z")))
        // Before the epoch periods still floor, not truncate towards zero.
        #expect(day.period(containing: Date(timeIntervalSince1970: -1)).start == Date(timeIntervalSince1970: -86_400))
    }

    @Test func otherLengthsAnchorAtTheEpoch() throws {
        let hour = try #require(SettlementCalendar(periodSeconds: 3_600))
        #expect(hour.period(containing: Self.utc("2026-12-24T10:30:00Z")).start == Self.utc("2026-12-24T10:00:00Z"))
        #expect(SettlementCalendar(periodSeconds: 59) == nil)
    }

    @Test func eventsBeforeTheWatermarkLandInTheFirstOpenPeriod() {
        let day = SettlementCalendar.day
        let late = Self.utc("2026-12-24T23:59:59Z")
        #expect(day.landingPeriod(for: late, closedUntil: nil).start == Self.utc("2026-12-24T00:00:00Z"))
        #expect(day.landingPeriod(for: late, closedUntil: Self.utc("2026-12-24T00:00:00Z")).start
                == Self.utc("2026-12-24T00:00:00Z"))
        #expect(day.landingPeriod(for: late, closedUntil: Self.utc("2026-12-25T00:00:00Z")).start
                == Self.utc("2026-12-25T00:00:00Z"))
        // Closed far ahead: everything earlier lands where the watermark is.
        #expect(day.landingPeriod(for: late, closedUntil: Self.utc("2026-12-28T00:00:00Z")).start
                == Self.utc("2026-12-28T00:00:00Z"))
    }

    @Test func closingNeverReachesARunningPeriodAndNeverMovesBack() {
        let day = SettlementCalendar.day
        let now = Self.utc("2026-12-25T09:00:00Z")
        #expect(day.closingBoundary(until: Self.utc("2026-12-25T00:00:00Z"), now: now, current: nil)
                == Self.utc("2026-12-25T00:00:00Z"))
        #expect(day.closingBoundary(until: Self.utc("2026-12-24T23:59:59Z"), now: now, current: nil)
                == Self.utc("2026-12-24T00:00:00Z"))
        #expect(day.closingBoundary(until: Self.utc("2027-01-10T00:00:00Z"), now: now, current: nil)
                == Self.utc("2026-12-25T00:00:00Z"))
        #expect(day.closingBoundary(until: Self.utc("2026-12-01T00:00:00Z"), now: now,
                                    current: Self.utc("2026-12-20T00:00:00Z")) == Self.utc("2026-12-20T00:00:00Z"))
    }
}
