import Foundation
import Testing
@testable import TerminalUI
import TicketingProtocol

/// The buyer's ways out through the reducer: leaving the line, releasing a hold, and
/// cancelling or refunding an order after a y/n question.
@Suite struct LeaveFlowTests {
    /// My orders with a paid order highlighted and a failed one below it.
    static func ordersWithAPaidOne(_ size: Size) -> AppState {
        let (checkout, hold) = PurchaseFlowTests.checkout(size)
        var failed = PurchaseFlowTests.order(hold, status: "failed", failureCode: "payment_declined")
        failed.orderId = "ord_0"
        failed.createdAt = Fixture.now.addingTimeInterval(-60)
        var state = Fixture.reduce(checkout, .orderPlaced(PurchaseFlowTests.order(hold, status: "payment_processing")),
                                   .showOrders,
                                   .ordersLoaded([failed, PurchaseFlowTests.order(hold, status: "paid")]))
        state.notice = nil
        return state
    }

    @Test func leaveTheLine() {
        var state = PurchaseFlowTests.mahlerMap()
        var effects: [Effect]
        state = Fixture.reduce(state, .activate, .queueStatus(performanceId: Fixture.mahler.id,
                                                              PurchaseFlowTests.waiting(position: 40, ahead: 39)))
        #expect(Keymaps.active(for: state).intent(for: .character("x")) == .leaveQueue)
        #expect(Renderer.render(state).text().contains("x leave"))
        (state, effects) = Reducer.reduce(state, .leaveQueue)
        #expect(effects == [.leaveQueue(performanceId: Fixture.mahler.id)])
        // Pressed twice while the first is in flight: one request.
        (state, effects) = Reducer.reduce(state, .leaveQueue)
        #expect(effects.isEmpty)
        state = Fixture.reduce(state, .queueLeft(performanceId: Fixture.mahler.id))
        #expect(state.route == .hall && state.purchase == nil)
        #expect(state.notice?.text.hasPrefix("You left the line.") == true)
        #expect(Reducer.pushWatch(state).queue == false)
    }

    @Test func leaveFromTheMapAfterSteppingBack() {
        var state = Fixture.reduce(PurchaseFlowTests.mahlerMap(), .activate,
                                   .queueStatus(performanceId: Fixture.mahler.id,
                                                PurchaseFlowTests.waiting(position: 40, ahead: 39)), .back)
        #expect(state.route == .hall && Keymaps.screen(for: state) == Keymaps.hallInLine)
        #expect(Keymaps.screen(for: state).hints.hasPrefix("Enter line · x leave"))
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .leaveQueue)
        #expect(effects == [.leaveQueue(performanceId: Fixture.mahler.id)])
        state = Fixture.reduce(state, .queueLeft(performanceId: Fixture.mahler.id))
        #expect(state.route == .hall && Keymaps.screen(for: state) == Keymaps.hall)
    }

    @Test func leavingFailsAndTheBuyerStaysInLine() {
        var state = Fixture.reduce(PurchaseFlowTests.mahlerMap(), .activate,
                                   .queueStatus(performanceId: Fixture.mahler.id,
                                                PurchaseFlowTests.waiting(position: 40, ahead: 39)), .leaveQueue)
        state = Fixture.reduce(state, .failed(.leaveQueue, message: "Cannot reach the server — reconnecting…"))
        #expect(state.route == .queue && state.purchase?.queue?.position == 40)
        #expect(state.notice?.isError == true && !state.pending.contains(.leaveQueue))
    }

    @Test func anAdmittedBuyerCannotLeaveTheLine() {
        var state = Fixture.reduce(PurchaseFlowTests.mahlerMap(), .activate,
                                   .queueStatus(performanceId: Fixture.mahler.id,
                                                QueueStatusDTO(state: "admitted", position: 0, ahead: 0, etaSeconds: 0,
                                                               mayMissOut: false, admissionToken: "adm",
                                                               tokenExpiresAt: Fixture.now.addingTimeInterval(600))))
        state.route = .queue
        let (after, effects) = Reducer.reduce(state, .leaveQueue)
        #expect(effects.isEmpty && after.notice?.isError == true)
    }

    @Test func releaseTheHold() {
        var (state, hold) = PurchaseFlowTests.checkout()
        var effects: [Effect]
        // The admitted map's seat reload has answered by now.
        state.pending.remove(.seats)
        #expect(Keymaps.active(for: state).intent(for: .character("x")) == .releaseHold)
        (state, effects) = Reducer.reduce(state, .releaseHold)
        #expect(effects == [.releaseHold(holdId: hold.holdId)])
        (state, effects) = Reducer.reduce(state, .holdReleased(holdId: hold.holdId))
        #expect(state.route == .hall && state.purchase?.hold == nil && state.purchase?.quote == nil)
        #expect(state.purchase?.isAdmitted == true)
        #expect(effects == [.loadSeats(performanceId: Fixture.mahler.id)])
        #expect(state.notice?.text == "Hold released — the seats are back on sale.")
    }

    @Test func aReleaseThatFailsKeepsTheCheckout() {
        var (state, hold) = PurchaseFlowTests.checkout()
        state = Fixture.reduce(state, .releaseHold, .failed(.releaseHold, message: "That hold is gone already."))
        #expect(state.route == .checkout && state.purchase?.hold == hold)
        #expect(state.notice == Notice("That hold is gone already.", isError: true, now: Fixture.now))
    }

    @Test func refundAPaidOrderAfterYes() {
        var state = Self.ordersWithAPaidOne(.small)
        var effects: [Effect]
        let paid = state.orders.orders[0]
        #expect(paid.status == "paid")
        (state, effects) = Reducer.reduce(state, .cancelOrder)
        #expect(effects.isEmpty && state.orders.confirmingCancel == paid.orderId)
        #expect(Keymaps.screen(for: state) == Keymaps.confirm)
        // Other keys wait for the answer.
        (state, effects) = Reducer.reduce(state, .move(.down))
        #expect(state.orders.selected == 0 && effects.isEmpty)
        (state, effects) = Reducer.reduce(state, .confirm(false))
        #expect(effects.isEmpty && state.orders.confirmingCancel == nil && state.orders.orders[0].status == "paid")

        (state, effects) = Reducer.reduce(state, .cancelOrder)
        (state, effects) = Reducer.reduce(state, .confirm(true))
        #expect(effects == [.cancelOrder(orderId: paid.orderId)])
        (state, effects) = Reducer.reduce(state, .orderCancelled(orderId: paid.orderId, status: "refund_processing"))
        #expect(state.orders.orders[0].status == "refund_processing" && effects == [.loadOrders])
        #expect(state.notice?.text == "Refund of ₩280,000 requested; the gateway is processing it.")
        state = Fixture.reduce(state, .ordersLoaded(state.orders.orders))
        // Still processing: the list polls until the refund is final.
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(2)))
        #expect(effects == [.loadOrders])
        var refunded = state.orders.orders
        refunded[0].status = "refunded"
        (state, effects) = Reducer.reduce(state, .ordersLoaded(refunded))
        #expect(state.notice?.text == "Refunded ₩280,000 — the refund is complete.")
        (state, effects) = Reducer.reduce(state, .tick(Fixture.now.addingTimeInterval(4)))
        #expect(effects.isEmpty)
    }

    @Test func aFailedOrderIsNotAskedAboutAndAServerRefusalIsShown() {
        var state = Fixture.reduce(Self.ordersWithAPaidOne(.small), .move(.down))
        #expect(state.orders.current?.status == "failed")
        state = Fixture.reduce(state, .cancelOrder)
        #expect(state.orders.confirmingCancel == nil && state.notice?.isError == true)

        state = Fixture.reduce(state, .move(.up), .cancelOrder, .confirm(true),
                               .failed(.cancelOrder, message: "Refunds closed 24 hours before the show starts"))
        #expect(state.orders.orders[0].status == "paid" && state.notice?.isError == true)
        #expect(!state.pending.contains(.cancelOrder))
    }
}
