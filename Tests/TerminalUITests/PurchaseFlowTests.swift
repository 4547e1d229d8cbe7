import Foundation
import Testing
@testable import TerminalUI
import TicketingDomain
import TicketingProtocol

/// The purchase through the reducer, each server answer fed in by hand: join, admission, hold,
/// quote, coupons, card, payment outcome; and the seller's figures.
@Suite struct PurchaseFlowTests {
    static let token = "adm_token"

    /// The Mahler map (on sale) opened from the list, with every seat available.
    static func mahlerMap(_ size: Size = .small) -> AppState {
        let seats = Fixture.seats(Fixture.concertHall, soldEvery: 100_000, heldEvery: 100_000)
        return Fixture.hallMap(size, Fixture.mahler, hall: Fixture.concertHall, seats: seats)
    }

    static func waiting(position: Int, ahead: Int) -> QueueStatusDTO {
        QueueStatusDTO(state: "waiting", position: position, ahead: ahead, etaSeconds: ahead / 20, mayMissOut: false)
    }

    /// Joined, admitted by push, two seats picked and held, the quote in.
    static func checkout(_ size: Size = .small) -> (AppState, HoldDTO) {
        var state = mahlerMap(size)
        state = Fixture.reduce(state, .activate, .queueStatus(performanceId: Fixture.mahler.id, waiting(position: 40, ahead: 39)),
                               .admitted(performanceId: Fixture.mahler.id, token: token,
                                         expiresAt: Fixture.now.addingTimeInterval(900)),
                               .toggle, .move(.right), .toggle)
        let picked = state.hall?.selected ?? []
        let amount = state.hall?.selectedTotal ?? 0
        let hold = HoldDTO(holdId: "hld_1", performanceId: Fixture.mahler.id, seatIds: picked, amount: amount,
                           expiresAt: Fixture.now.addingTimeInterval(419))
        state = Fixture.reduce(state, .held(hold), .myCouponsLoaded(coupons),
                               .quoted(holdId: "hld_1", QuoteDTO(subtotal: amount, discount: 20_000, total: amount - 20_000,
                                                                 applied: [AppliedCouponDTO(userCouponId: "uc_1", seatId: nil, amount: 20_000)])))
        state.notice = nil
        return (state, hold)
    }

    static let coupons = [
        coupon("uc_1", "Welcome ₩20,000", amount: 20_000, perTicket: false),
        coupon("uc_2", "R seat 10%", percent: 10, perTicket: true),
    ]

    /// Built from JSON as the server sends it: the DTO's only initializer takes a domain coupon.
    static func coupon(_ id: String, _ name: String, amount: Int? = nil, percent: Int? = nil,
                       perTicket: Bool) -> UserCouponDTO {
        let off = percent.map { "\"kind\":\"percentage\",\"percent\":\($0)" } ?? "\"kind\":\"fixed\",\"amount\":\(amount ?? 0)"
        let json = "{\"userCouponId\":\"\(id)\",\"couponId\":\"cpn_\(id)\",\"status\":\"issued\",\"name\":\"\(name)\","
            + "\(off),\"perTicket\":\(perTicket)}"
        return try! WireJSON.decode(UserCouponDTO.self, from: Data(json.utf8))
    }

    @Test func joinWaitAndGetAdmittedOntoTheMap() {
        var state = Self.mahlerMap()
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(state.route == .queue)
        #expect(effects == [.joinQueue(performanceId: Fixture.mahler.id), .loadQueueStats(performanceId: Fixture.mahler.id)])
        #expect(Reducer.pushWatch(state) == PushWatch(performanceId: Fixture.mahler.id, queue: true, seats: false))

        state = Fixture.reduce(state, .queueStatus(performanceId: Fixture.mahler.id, Self.waiting(position: 40, ahead: 39)),
                               .queueStatus(performanceId: Fixture.mahler.id, Self.waiting(position: 10, ahead: 9)))
        let view = try! #require(Reducer.queueView(state))
        #expect(view.position == 10 && view.joinedPosition == 40 && view.progress == 0.75)
        #expect(Renderer.render(state).text().contains("You are number 10 in line"))

        // The socket drops: the screen says so, and the tick polls instead.
        state = Fixture.reduce(state, .pushConnection(online: false))
        #expect(Reducer.queueView(state)?.reconnecting == true)
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(4)))
        #expect(effects.contains(.pollQueue(performanceId: Fixture.mahler.id)))

        (state, effects) = Reducer.reduce(state, .admitted(performanceId: Fixture.mahler.id, token: Self.token,
                                                           expiresAt: Fixture.now.addingTimeInterval(900)))
        #expect(state.route == .hall && state.purchase?.admissionToken == Self.token)
        #expect(effects == [.loadSeats(performanceId: Fixture.mahler.id)])
        #expect(Keymaps.screen(for: state) == Keymaps.hallAdmitted)
        #expect(Reducer.pushWatch(state) == PushWatch(performanceId: Fixture.mahler.id, queue: false, seats: true))
    }

    @Test func liveSeatsApplyInOrderAndAGapReloads() {
        var state = Self.mahlerMap()
        let seat = state.hall!.map.seats[0].id
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .seatStates(performanceId: Fixture.mahler.id, version: 2,
                                                             changes: [SeatStateDTO(id: seat, state: "held")], snapshot: false))
        #expect(effects.isEmpty && state.hall?.map.seat(id: seat)?.state == .held && state.hall?.version == 2)
        (state, effects) = Reducer.reduce(state, .seatStates(performanceId: Fixture.mahler.id, version: 5,
                                                             changes: [SeatStateDTO(id: seat, state: "sold")], snapshot: false))
        #expect(effects == [.loadSeats(performanceId: Fixture.mahler.id)])
        #expect(state.hall?.map.seat(id: seat)?.state == .held)
        (state, effects) = Reducer.reduce(state, .seatStates(performanceId: Fixture.mahler.id, version: 9,
                                                             changes: [SeatStateDTO(id: seat, state: "sold")], snapshot: true))
        #expect(state.hall?.map.seat(id: seat)?.state == .sold && state.hall?.version == 9)
    }

    @Test func holdQuoteCouponsCardAndPaid() {
        var state = Self.mahlerMap()
        state = Fixture.reduce(state, .activate, .admitted(performanceId: Fixture.mahler.id, token: Self.token,
                                                           expiresAt: Fixture.now.addingTimeInterval(900)))
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(effects.isEmpty && state.notice?.isError == true)
        state = Fixture.reduce(state, .toggle)
        let picked = state.hall!.selected
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(effects == [.hold(performanceId: Fixture.mahler.id, token: Self.token, seatIds: picked, grade: nil, count: nil)])
        (state, effects) = Reducer.reduce(state, .bestAvailable)
        #expect(effects.isEmpty, "one hold request at a time")

        let (checkout, hold) = Self.checkout()
        state = checkout
        #expect(state.route == .checkout && state.hall?.selected == [])
        #expect(state.purchase?.effectiveCoupons == ["uc_1"])
        // Flip the second coupon on: the quote is asked again with both.
        (state, effects) = Reducer.reduce(state, .move(.down))
        (state, effects) = Reducer.reduce(state, .toggleCoupon)
        #expect(effects == [.quote(holdId: hold.holdId, userCouponIds: ["uc_1", "uc_2"])])

        (state, _) = Reducer.reduce(state, .startPayment)
        #expect(Keymaps.screen(for: state) == Keymaps.card)
        state = Fixture.reduce(state, .deleteBackward, .type("x"), .type("2"))
        #expect(state.purchase?.card.number == "4242 4242 4242 4242")
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(effects == [.placeOrder(holdId: hold.holdId, userCouponIds: ["uc_1", "uc_2"],
                                        cardNumber: "4242 4242 4242 4242", expiry: "12/30")])

        state = Fixture.reduce(state, .orderPlaced(Self.order(hold, status: "payment_processing")))
        #expect(state.route == .payment)
        #expect(PurchaseScreens.paymentView(state)?.status == .processing)
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(2)))
        #expect(effects == [.loadOrder(orderId: "ord_1")])
        state = Fixture.reduce(state, .orderUpdated(orderId: "ord_1", status: "paid", failureCode: nil))
        #expect(PurchaseScreens.paymentView(state)?.status == .paid)
        // Paid: Enter opens the order's tickets (their QR codes), o my orders.
        (state, effects) = Reducer.reduce(state, .activate)
        #expect(state.route == .tickets && state.tickets.focusOrderId == "ord_1" && effects == [.loadTickets])
        (state, effects) = Reducer.reduce(state, .showOrders)
        #expect(state.route == .orders && effects == [.loadOrders])
        state = Fixture.reduce(state, .ordersLoaded([Self.order(hold, status: "paid")]))
        #expect(Renderer.render(state).text().contains("paid"))
    }

    @Test func aDeclinedCardFailsThePaymentAndOffersAnotherTry() {
        var (state, hold) = Self.checkout()
        state = Fixture.reduce(state, .startPayment, .orderPlaced(Self.order(hold, status: "payment_processing")),
                               .orderLoaded(Self.order(hold, status: "failed", failureCode: "payment_declined")))
        #expect(PurchaseScreens.paymentView(state)?.status == .failed(code: "payment_declined"))
        #expect(Renderer.render(state).text().contains("the card was declined"))
        state = Fixture.reduce(state, .activate)
        #expect(state.route == .checkout && state.purchase?.card.editing == true)
        // Another card: the failed order let the seats go, so Enter holds the same seats again first.
        let (retried, effects) = Reducer.reduce(state, .activate)
        #expect(effects == [.hold(performanceId: hold.performanceId, token: Self.token, seatIds: hold.seatIds,
                                  grade: nil, count: nil)])
        state = retried

        // A checkout refused before pay: the order shows failed with the reason.
        state = Fixture.reduce(state, .orderPlaced(Self.order(hold, status: "pending_payment")),
                               .failed(.order, message: "Card number is not valid"))
        #expect(PurchaseScreens.paymentView(state)?.status == .failed(code: "Card number is not valid"))
    }

    @Test func sellerSalesAndSettlements() {
        var state = Fixture.list(.small, as: Fixture.seller)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .showSales)
        let show = state.list.current!
        #expect(state.route == .sales && effects == [.loadSales(performanceId: show.id)])
        state = Fixture.reduce(state, .salesLoaded(SellerGoldens.sales(show.id)))
        #expect(Renderer.render(state).text().contains("Net payout"))
        state = Fixture.reduce(state, .back)
        (state, effects) = Reducer.reduce(state, .showSettlements)
        #expect(effects == [.loadSettlements])
        state = Fixture.reduce(state, .settlementsLoaded(SellerGoldens.periods), .move(.down))
        (state, effects) = Reducer.reduce(state, .exportStatement)
        #expect(effects == [.exportStatement(settlementId: SellerGoldens.periods[1].id)])
        state = Fixture.reduce(state, .statementExported(path: "/tmp/settlement-stl_2.csv"))
        #expect(Renderer.render(state).text().contains("Saved /tmp/settlement-stl_2.csv"))

        // Buyers have no seller screens.
        var buyer = Fixture.list(.small)
        (buyer, effects) = Reducer.reduce(buyer, .showSales)
        #expect(buyer.route == .performances && effects.isEmpty)
    }

    static func order(_ hold: HoldDTO, status: String, failureCode: String? = nil) -> OrderDTO {
        OrderDTO(orderId: "ord_1", status: status, performanceId: hold.performanceId, holdId: hold.holdId,
                 seatIds: hold.seatIds, subtotal: 300_000, discount: 20_000, total: 280_000, applied: [],
                 failureCode: failureCode, createdAt: Fixture.now, expiresAt: hold.expiresAt, paidAt: nil, payment: nil)
    }
}
