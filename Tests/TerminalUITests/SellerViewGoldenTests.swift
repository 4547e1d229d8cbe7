import Foundation
import Testing
@testable import TerminalUI

/// Sales and settlement, drawn from view models until the seller APIs are wired.
@Suite struct SellerViewGoldenTests {
    static func screen(_ size: Size, title: String, draw: (Area, inout Canvas) -> Void) -> Canvas {
        var canvas = Canvas(size: size)
        let chrome = Chrome(title: title, account: "Demo Seller · seller", server: Fixture.server, now: Fixture.now,
                            hints: "Tab sales / settlement · e export CSV · ? help")
        let body = chrome.draw(into: &canvas)
        draw(body, &canvas)
        return canvas
    }

    static let sales = SalesView(title: Fixture.iu.title, seatCount: 9_852, ticketsSold: 7_410, gross: 1_402_380_000,
                                 sellerCouponCost: 12_400_000, platformCouponCost: 3_150_000, refunds: 4_950_000,
                                 platformFee: 69_251_500, net: 1_315_778_500)

    @Test(arguments: [Size.small, Size.large])
    func salesSummary(size: Size) {
        Golden.check(Self.screen(size, title: "Sales") { SalesSummaryScreen.draw(Self.sales, in: $0, into: &$1) },
                     "sales-\(size.name)")
    }

    static func periods(_ count: Int) -> [SettlementView.Period] {
        let start = Fixture.date("2026-11-12T00:00:00Z")
        return (0..<count).map { i in
            let payout = [1_250_000, 3_400_500, 0, 8_120_000, 15_770_250, 9_300_000, -180_000, 12_450_000][i % 8]
            let status: SettlementView.Period.Status = i == count - 1 ? .open : i < count - 3 ? .paid : .closed
            return SettlementView.Period(id: "stl_\(i)", periodStart: start.addingTimeInterval(Double(i) * 86_400),
                                         periodEnd: start.addingTimeInterval(Double(i + 1) * 86_400),
                                         gross: max(0, payout) + payout / 10, sellerCouponCost: 0,
                                         platformFee: payout / 20, refunds: 0, payout: payout, status: status)
        }
    }

    @Test(arguments: [Size.small, Size.large])
    func settlementChart(size: Size) {
        let view = SettlementView(periods: Self.periods(size == .small ? 24 : 14), timeZone: TimeZone(secondsFromGMT: 0)!)
        Golden.check(Self.screen(size, title: "Settlement") { SettlementChartScreen.draw(view, in: $0, into: &$1) },
                     "settlement-\(size.name)")
    }

    @Test func barsAreProportionalToPayout() {
        let view = SettlementView(periods: Self.periods(5), timeZone: TimeZone(secondsFromGMT: 0)!)
        let canvas = Self.screen(.large, title: "Settlement") { SettlementChartScreen.draw(view, in: $0, into: &$1) }
        let bars = (0..<canvas.height).map { canvas.line($0).filter { $0 == "█" }.count }.filter { $0 > 0 }
        // 1,250,000 · 3,400,500 · (0: no bar) · 8,120,000 · 15,770,250 (the longest).
        #expect(bars.count == 4)
        #expect(bars == bars.sorted() && bars.last! > 4 * bars.first!)
    }
}

@Suite struct SettlementWordingTests {
    @Test func oneClosedPeriodIsSingular() {
        let one = SettlementView(periods: SellerViewGoldenTests.periods(1), timeZone: TimeZone(secondsFromGMT: 0)!)
        let canvas = SellerViewGoldenTests.screen(.large, title: "Settlement") {
            SettlementChartScreen.draw(one, in: $0, into: &$1)
        }
        let text = canvas.text()
        #expect(text.contains("over 1 period") && !text.contains("over 1 periods"))
        let two = SettlementView(periods: SellerViewGoldenTests.periods(2), timeZone: TimeZone(secondsFromGMT: 0)!)
        #expect(SellerViewGoldenTests.screen(.large, title: "Settlement") {
            SettlementChartScreen.draw(two, in: $0, into: &$1)
        }.text().contains("over 2 periods"))
    }
}
