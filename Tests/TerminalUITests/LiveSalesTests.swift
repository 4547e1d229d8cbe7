import Foundation
import Testing
@testable import TerminalUI
import TicketingProtocol

/// The seller's live dashboard: pushes in, the screen at both sizes.
@Suite struct LiveSalesTests {
    /// Twelve minutes into a rush on the concert hall, the busiest minute the third.
    static func snapshot(_ performanceId: String, failed: Int = 3) -> SalesSnapshotPush {
        SalesSnapshotPush(
            performanceId: performanceId, at: Fixture.now, saleOpensAt: Fixture.now.addingTimeInterval(-12 * 60),
            grades: [GradeSalesDTO(grade: "VIP", price: 220_000, sold: 260, held: 24, available: 98),
                     GradeSalesDTO(grade: "R", price: 180_000, sold: 300, held: 12, available: 210),
                     GradeSalesDTO(grade: "S", price: 140_000, sold: 150, held: 6, available: 336),
                     GradeSalesDTO(grade: "A", price: 100_000, sold: 20, held: 0, available: 598)],
            waiting: 1_840, admittedActive: 200, admissionRatePerSecond: 19.6, newArrivalWaitSeconds: 94,
            ticketsPerMinute: [12, 80, 131, 120, 96, 70, 66, 52, 40, 31, 20, 12],
            firstMinute: Fixture.now.addingTimeInterval(-12 * 60), couponsClaimed: 180, couponsLeft: 20,
            paymentsPaid: 244, paymentsFailed: failed)
    }

    static func dashboard(_ size: Size) -> AppState {
        var state = Fixture.list(size, as: Fixture.seller)
        state = Fixture.reduce(state, .showSales)
        let show = state.seller.salesPerformance!
        return Fixture.reduce(state, .salesLoaded(SellerGoldens.sales(show.id)), .salesLive(snapshot(show.id)))
    }

    @Test(arguments: [Size.small, Size.large])
    func dashboardGolden(size: Size) {
        Golden.check(Renderer.render(Self.dashboard(size)), "sales-live-\(size.name)")
    }

    /// The counts after each grade's bar stand in columns: the held and free figures of every
    /// grade start at the same cell, in both languages and at both sizes.
    @Test(arguments: [Size.small, Size.large], Language.allCases)
    func gradeCountsLineUp(size: Size, language: Language) {
        let state = Fixture.$language.withValue(language) { Self.dashboard(size) }
        let lines = Renderer.render(state).text().split(separator: "\n").map(String.init)
        let word = language.text("{0} sold {1} held {2} free", "", "", "").split(separator: " ")[1]
        let rows = lines.filter { line in ["VIP ", "R   ", "S   ", "A   "].contains { line.contains("│\($0)") } }
        #expect(rows.count == 4, "\(rows)")
        let columns = Set(rows.compactMap { row in row.range(of: " \(word) ").map { DisplayWidth.of(String(row[..<$0.lowerBound])) } })
        #expect(columns.count == 1, "\(word) at \(columns): \(rows)")
    }

    @Test func theSalesScreenSubscribesAndTakesOnlyItsOwnPushes() throws {
        var state = Fixture.list(.small, as: Fixture.seller)
        state = Fixture.reduce(state, .showSales)
        let show = try #require(state.seller.salesPerformance)
        #expect(Reducer.pushWatch(state) == PushWatch(performanceId: show.id, queue: false, seats: false, sales: true))
        state = Fixture.reduce(state, .salesLive(Self.snapshot("prf_other")))
        #expect(state.seller.live == nil)
        state = Fixture.reduce(state, .salesLive(Self.snapshot(show.id)))
        #expect(state.seller.live?.paymentsFailed == 3)
        state = Fixture.reduce(state, .salesLive(Self.snapshot(show.id, failed: 4)))
        #expect(state.seller.live?.paymentsFailed == 4, "each push replaces the last")
        #expect(Renderer.render(state).text().contains("244 / 4"))
        state = Fixture.reduce(state, .back)
        #expect(Reducer.pushWatch(state).sales == false)
    }

    @Test func theBusiestMinuteFillsTheChart() throws {
        let canvas = Renderer.render(Self.dashboard(.large))
        let lines = (0..<canvas.height).map { canvas.line($0) }
        let top = try #require(lines.firstIndex { $0.contains("Tickets per minute") }) + 1
        #expect(lines[top].contains("131") && lines[top].contains("█"), "the peak column reaches the top row")
    }
}
