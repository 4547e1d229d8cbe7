import Foundation
import Testing
@testable import TerminalUI
import TicketingProtocol

/// Every screen the client draws, in English and in Korean, at 80×24 and 120×40:
/// `Golden/screens/<en|ko>-<screen>-<size>.txt`. In Korean, double-width Hangul must keep every
/// box closed and no line may run past the screen.
@Suite struct EveryScreenGoldenTests {
    struct Screen: Sendable, CustomStringConvertible {
        var name: String
        var build: @Sendable (Size) -> AppState
        var description: String { name }
    }

    static func quiet(_ state: AppState) -> AppState {
        var state = state
        state.notice = nil
        return state
    }

    static let screens: [Screen] = [
        Screen(name: "login") { size in
            var state = Fixture.state(size)
            for character in "buyer@demo.queueticket.dev" { state = Fixture.reduce(state, .type(character)) }
            return Fixture.reduce(state, .nextField, .type("s"), .type("e"), .type("c"))
        },
        Screen(name: "signup-problem") { size in
            var state = Fixture.reduce(Fixture.state(size), .previousField, .toggle, .nextField)
            for character in "kim@example.com" { state = Fixture.reduce(state, .type(character)) }
            state = Fixture.reduce(state, .nextField, .type("s"), .nextField)
            for character in "김민지" { state = Fixture.reduce(state, .type(character)) }
            return Fixture.reduce(state, .nextField, .toggle, .nextField, .activate)
        },
        Screen(name: "performances") { Fixture.list($0) },
        Screen(name: "hall-overview") { HallOverviewTests.arena($0) },
        Screen(name: "hall-zoomed") { Fixture.reduce(HallOverviewTests.arena($0), .move(.right), .activate) },
        Screen(name: "hall-theatre") { HallGoldenTests.theatre($0) },
        Screen(name: "help-hall") { Fixture.reduce(HallGoldenTests.theatre($0), .toggleHelp) },
        Screen(name: "queue-waiting") { quiet(waiting($0)) },
        Screen(name: "queue-best-section") { size in
            // `b` on the overview: in line for the picked section's best seats.
            let id = Fixture.iu.id
            return quiet(Fixture.reduce(HallOverviewTests.arena(size), .move(.right), .bestAvailable,
                                        .queueStatus(performanceId: id, PurchaseFlowTests.waiting(position: 1_204, ahead: 1_203))))
        },
        Screen(name: "queue-admitted") { size in
            var state = waiting(size)
            state.purchase?.admissionToken = PurchaseFlowTests.token
            state.purchase?.tokenExpiresAt = Fixture.now.addingTimeInterval(540)
            return quiet(state)
        },
        Screen(name: "queue-sold-out") { size in
            quiet(Fixture.reduce(waiting(size), .queueStatus(performanceId: Fixture.mahler.id, QueueStatusDTO(
                state: "sold_out", position: 100, ahead: 99, etaSeconds: nil, mayMissOut: true))))
        },
        Screen(name: "checkout") { PurchaseFlowTests.checkout($0).0 },
        Screen(name: "checkout-card") { quiet(Fixture.reduce(PurchaseFlowTests.checkout($0).0, .startPayment)) },
        Screen(name: "payment-processing") { size in
            let (state, hold) = PurchaseFlowTests.checkout(size)
            return quiet(Fixture.reduce(state, .startPayment,
                                        .orderPlaced(PurchaseFlowTests.order(hold, status: "payment_processing"))))
        },
        Screen(name: "payment-paid") { size in
            let (state, hold) = PurchaseFlowTests.checkout(size)
            return quiet(Fixture.reduce(state, .startPayment,
                                        .orderPlaced(PurchaseFlowTests.order(hold, status: "payment_processing")),
                                        .orderLoaded(PurchaseFlowTests.order(hold, status: "paid"))))
        },
        Screen(name: "payment-failed") { size in
            let (state, hold) = PurchaseFlowTests.checkout(size)
            return quiet(Fixture.reduce(state, .startPayment,
                                        .orderPlaced(PurchaseFlowTests.order(hold, status: "payment_processing")),
                                        .orderLoaded(PurchaseFlowTests.order(hold, status: "failed",
                                                                             failureCode: "payment_declined"))))
        },
        Screen(name: "orders") { LeaveFlowTests.ordersWithAPaidOne($0) },
        Screen(name: "orders-refund-question") { Fixture.reduce(LeaveFlowTests.ordersWithAPaidOne($0), .cancelOrder) },
        Screen(name: "coupons") { size in
            quiet(Fixture.reduce(PurchaseFlowTests.mahlerMap(size), .showCoupons,
                                 .couponsLoaded(performanceId: Fixture.mahler.id, CatalogFixture.coupons(Fixture.mahler.id))))
        },
        Screen(name: "tickets") { TicketFixtures.state($0) },
        Screen(name: "sales-summary") { size in
            var state = Fixture.list(size, as: Fixture.seller)
            let show = Fixture.hamlet
            state.seller.salesPerformance = show
            state.seller.sales = SellerGoldens.sales(show.id)
            state.route = .sales
            return quiet(state)
        },
        Screen(name: "sales-live") { LiveSalesTests.dashboard($0) },
        Screen(name: "settlement") { size in
            quiet(Fixture.reduce(Fixture.list(size, as: Fixture.seller), .showSettlements,
                                 .settlementsLoaded(SellerGoldens.periods), .move(.down),
                                 .statementExported(path: "/home/seller/settlement-stl_2.csv")))
        },
        Screen(name: "new-venue") { CatalogFixture.venuePicker($0) },
        Screen(name: "new-venue-broken") { size in
            var state = CatalogFixture.venuePicker(size)
            state = Fixture.reduce(state, .move(.up), .move(.up))
            return quiet(state)
        },
        Screen(name: "new-performance") { CatalogFixture.performanceForm($0) },
        Screen(name: "new-performance-problem") { size in
            var state = CatalogFixture.performanceForm(size)
            state = Fixture.reduce(state, .nextField)
            state = CatalogFixture.erase(3, in: state)
            return quiet(Fixture.reduce(state, .activate))
        },
        Screen(name: "coupons-seller") { CatalogFixture.sellerCoupons($0) },
        Screen(name: "coupon-form") { size in
            var state = Fixture.reduce(CatalogFixture.sellerCoupons(size), .newCoupon)
            state = CatalogFixture.type("겨울 특가", into: state)
            return quiet(Fixture.reduce(state, .nextField, .move(.right), .nextField, .type("2"), .type("0"), .activate))
        },
    ]

    /// Mahler's waiting room, number 100 with 99 ahead, the crowd's figures in.
    static func waiting(_ size: Size) -> AppState {
        let id = Fixture.mahler.id
        return Fixture.reduce(PurchaseFlowTests.mahlerMap(size), .activate,
                              .queueStatus(performanceId: id, PurchaseFlowTests.waiting(position: 400, ahead: 399)),
                              .queueStats(performanceId: id, QueueStatsDTO(
                                  waiting: 1_830, admittedActive: 200, ratePerSecond: 20, measuredRatePerSecond: nil,
                                  seatsLeft: 1_420, seatsHeld: 310, soldOut: false, saleOpensAt: Fixture.mahler.saleOpensAt,
                                  opened: true, seedCommitment: "", seed: nil, preQueueOrder: nil)),
                              .queueStatus(performanceId: id, PurchaseFlowTests.waiting(position: 100, ahead: 99)))
    }

    static let cases: [(Screen, Language, Size)] = screens.flatMap { screen in
        Language.allCases.flatMap { language in [Size.small, Size.large].map { (screen, language, $0) } }
    }

    @Test(arguments: cases)
    func screen(_ screen: Screen, language: Language, size: Size) {
        // Built in the language from the start: notices worded while reducing are Korean too.
        let state = Fixture.$language.withValue(language) { screen.build(size) }
        let canvas = Renderer.render(state)
        Golden.check(canvas, "screens/\(language.rawValue)-\(screen.name)-\(size.name)")
        Self.expectFits(canvas, screen.name)
    }

    @Test(arguments: [Size.small, Size.large], Language.allCases)
    func door(size: Size, language: Language) {
        var state = Fixture.$language.withValue(language) { DoorGoldenTests.door(size) }
        state.language = language
        state = DoorGoldenTests.reduce(state, .status(checkedIn: 7_410, tickets: 9_852, pendingUploads: 3,
                                                      mode: .offline(forced: false),
                                                      listDownloadedAt: Fixture.date("2026-12-24T09:20:00Z")),
                                       .scanned(.init(verdict: .alreadyIn(at: Fixture.date("2026-12-24T09:29:10Z"), gate: "South"),
                                                      seat: language.text("{0} · row {1} · seat {2}", "FLOOR-A", "3", "12"),
                                                      at: Fixture.date("2026-12-24T09:29:58Z"), offline: true)))
        let canvas = DoorScreen.render(state)
        Golden.check(canvas, "screens/\(language.rawValue)-door-\(size.name)")
        Self.expectFits(canvas, "door")
    }

    @Test(arguments: Language.allCases)
    func tooSmall(language: Language) {
        var state = Fixture.reduce(Fixture.list(.small), .resized(Size(width: 70, height: 20)))
        state.language = language
        Golden.check(Renderer.render(state), "screens/\(language.rawValue)-too-small-70x20")
    }

    /// Korean screens say Korean: the header, the status bar and the body each hold Hangul.
    @Test(arguments: screens)
    func koreanScreensSpeakKorean(_ screen: Screen) {
        var state = screen.build(.small)
        state.language = .ko
        let canvas = Renderer.render(state)
        let hangul = { (line: String) in line.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) } }
        #expect(hangul(canvas.line(0)), "\(screen.name) header: \(canvas.line(0))")
        #expect(hangul(canvas.line(canvas.height - 1)), "\(screen.name) status: \(canvas.line(canvas.height - 1))")
        #expect((2..<(canvas.height - 1)).contains { hangul(canvas.line($0)) }, "\(screen.name) body")
    }

    /// No line wider than the screen, and every box side stands in a column where its box has a
    /// corner: a Hangul cell counted wrong would push a side out of its box's column.
    static func expectFits(_ canvas: Canvas, _ name: String) {
        var corners = Set<Int>()
        var sides: [(x: Int, y: Int)] = []
        for y in 0..<canvas.height {
            let line = canvas.line(y)
            #expect(DisplayWidth.of(line) <= canvas.width, "\(name) line \(y): \(line)")
            for (column, character) in Self.columns(line) {
                if "┌┐└┘├┤┬┴┼".contains(character) { corners.insert(column) }
                if character == "│" { sides.append((column, y)) }
            }
        }
        let astray = sides.filter { !corners.contains($0.x) }
        #expect(astray.isEmpty, "\(name): box sides out of their column at \(astray.prefix(5))\n\(canvas.text())")
    }

    /// Each character with the display column it starts at.
    static func columns(_ line: String) -> [(Int, Character)] {
        var column = 0
        return line.map { character in
            defer { column += DisplayWidth.of(String(character)) }
            return (column, character)
        }
    }
}
