import Foundation
import Testing
@testable import TerminalUI
import TicketingProtocol

@Suite struct TicketGoldenTests {
    @Test(arguments: [Size.small, Size.large])
    func ticketWithItsQRCode(size: Size) {
        let state = TicketFixtures.state(size)
        #expect(state.route == .tickets)
        Golden.check(Renderer.render(state), "ticket-\(size.name)")
    }

    @Test func aCheckedInTicketSaysWhen() {
        Golden.check(Renderer.render(TicketFixtures.state(.small, selected: 1)), "ticket-checked-in-80x24")
    }

    @Test func aRevokedTicketShowsNoCode() {
        var state = TicketFixtures.state(.small)
        state.tickets.tickets[0].status = .revoked
        let canvas = Renderer.render(state)
        #expect(canvas.text().contains("REVOKED"))
        #expect(!canvas.text().contains("▀") && !canvas.text().contains("█"))
    }

    /// Half blocks where they fit (square modules); sextants on the 22 rows of an 80×24 body.
    @Test func glyphsFollowTheRoomAvailable() throws {
        let matrix = try #require(QRMatrix(TicketFixtures.codes[0]))
        #expect(matrix.size == 53)
        #expect(QRDrawing.glyphs(for: matrix, in: Size(width: 40, height: 22)) == .sextants)
        #expect(QRDrawing.glyphs(for: matrix, in: Size(width: 60, height: 38)) == .halfBlocks)
        #expect(QRDrawing.glyphs(for: matrix, in: Size(width: 20, height: 10)) == nil)
    }

    @Test func paidThenEnterOpensTheOrdersTickets() {
        var state = Fixture.list(.small)
        state = Fixture.reduce(state, .ticketsLoaded([]))
        state.route = .orders
        state.orders.orders = []
        let (next, effects) = Reducer.reduce(state, .showTickets)
        #expect(next.route == .tickets && effects == [.loadTickets])
        let (back, _) = Reducer.reduce(Fixture.reduce(next, .ticketsLoaded(TicketFixtures.tickets)), .back)
        #expect(back.route == .orders)
    }

    @Test func sextantTableCoversEveryPatternOnce() {
        let glyphs = (0..<64).map { QRDrawing.sextant($0) }
        #expect(Set(glyphs).count == 64)
        for bits in 0..<64 { #expect(QRDrawing.modules(of: glyphs[bits], .sextants) == bits) }
        #expect(glyphs.allSatisfy { DisplayWidth.of($0) == 1 })
    }

    @Test func theSellersSalesScreenCountsCheckIns() {
        var state = Fixture.list(.small, as: Fixture.seller)
        state = Fixture.reduce(state, .showSales)
        let show = state.seller.salesPerformance
        #expect(show != nil)
        state = Fixture.reduce(state, .salesLoaded(SalesDTO(performanceId: show?.id ?? "", ticketsSold: 30, gross: 3_000_000,
                                                            sellerCouponCost: 0, platformCouponCost: 0, refunds: 0,
                                                            platformFee: 0, net: 3_000_000)),
                               .checkinsLoaded(CheckinSummaryDTO(performanceId: show?.id ?? "", tickets: 30,
                                                                 checkedIn: 12, revoked: 1)))
        #expect(Renderer.render(state).text().contains("12 of 30 tickets checked in at the door"))
        // Another performance's count is not shown under this one.
        state = Fixture.reduce(state, .checkinsLoaded(CheckinSummaryDTO(performanceId: "prf_other", tickets: 5,
                                                                         checkedIn: 5, revoked: 0)))
        #expect(state.seller.checkins?.checkedIn == 12)
    }
}
