import Foundation
import Testing
@testable import TicketingServer

@Suite struct SalesTimelineTests {
    static let opens = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func salesFallIntoTheirMinuteFromTheOpening() {
        let sales: [(Date, Int)] = [(Self.opens.addingTimeInterval(5), 2), (Self.opens.addingTimeInterval(59), 1),
                                    (Self.opens.addingTimeInterval(60), 4), (Self.opens.addingTimeInterval(185), 3)]
        let (first, counts) = SalesFeed.timeline(sales, opens: Self.opens, now: Self.opens.addingTimeInterval(200))
        #expect(first == Self.opens)
        #expect(counts == [3, 4, 0, 3])
    }

    @Test func beforeTheOpeningThereIsNoTimeline() {
        let (_, counts) = SalesFeed.timeline([], opens: Self.opens, now: Self.opens.addingTimeInterval(-30))
        #expect(counts.isEmpty)
    }

    @Test func onlyTheLatestMinutesAreKept() {
        let now = Self.opens.addingTimeInterval(Double(SalesFeed.maxMinutes + 9) * 60 + 30)
        let sales: [(Date, Int)] = [(Self.opens, 7), (now, 1)]
        let (first, counts) = SalesFeed.timeline(sales, opens: Self.opens, now: now)
        #expect(counts.count == SalesFeed.maxMinutes && counts.last == 1 && !counts.contains(7))
        #expect(first == Self.opens.addingTimeInterval(600))
    }
}
