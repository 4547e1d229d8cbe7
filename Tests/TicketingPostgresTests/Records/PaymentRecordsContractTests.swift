import Foundation
import Testing
import TicketingDomain
import TicketingRecords

@Suite("Order and payment records: SQLite and PostgreSQL agree")
struct PaymentRecordsContractTests {
    /// Each event the payment ports drive, and the port call that drives it; returns whether it moved.
    static let moves: [(OrderEvent, @Sendable (any CoreRecords, String, Date) async throws -> Bool)] = [
        (.payRequested, { try await $0.startPayment(orderId: $1, paymentKey: "pk-\($1)", at: $2) }),
        (.gatewayOutcomeUnknown, { records, id, at in
            let before = try await records.order(id: id)?.status
            try await records.markPaymentUnknown(orderId: id, at: at)
            return try await records.order(id: id)?.status != before
        }),
        (.gatewayConfirmed, { try await $0.confirmPayment(orderId: $1, at: $2) != nil }),
        (.gatewayDeclined, { try await $0.failPayment(orderId: $1, code: "card_declined", at: $2) != nil }),
        (.cancelledUnpaid, { try await $0.cancelUnpaid(orderId: $1, at: $2) != nil }),
        (.refundRequested, { try await $0.startRefund(orderId: $1, at: $2) }),
        (.refundFailed, { records, id, at in
            let before = try await records.order(id: id)?.status
            try await records.refundFailed(orderId: id, at: at)
            return try await records.order(id: id)?.status != before
        }),
        (.refundCompleted, { try await $0.completeRefund(orderId: $1, at: $2) != nil }),
    ]

    static let eventTypes: [OrderEvent: String] = [
        .gatewayConfirmed: "OrderPaid", .gatewayDeclined: "OrderFailed", .refundCompleted: "OrderRefunded",
    ]

    @Test(arguments: RecordsBackend.available)
    func everyMoveHappensExactlyWhereOrderMachineAllowsItWithItsEvent(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            let at = Fixture.t0.addingTimeInterval(42)
            var expectedEvents: [String: OrderEventPayload] = [:]
            for (event, move) in Self.moves {
                for status in OrderStatus.allCases {
                    let id = "o-\(event.rawValue)-\(status.rawValue)"
                    try await records.createOrder(Fixture.order(id, status: status))
                    let target = OrderMachine.next(status, on: event)
                    let moved = try await move(records, id, at)
                    #expect(moved == (target != nil && target != status), "\(event) from \(status)")
                    let after = try #require(try await records.order(id: id))
                    #expect(after.status == target ?? status, "\(event) from \(status)")
                    #expect(after.updatedAt == (target == nil ? Fixture.t0 : at), "\(event) from \(status)")
                    #expect(after.paidAt == (target == .paid ? at : nil))
                    #expect(after.paymentKey == (event == .payRequested && target != nil ? "pk-\(id)" : nil))
                    #expect(after.failureCode == (event == .gatewayDeclined && target != nil ? "card_declined" : nil))
                    if target != nil, let type = Self.eventTypes[event] {
                        var expected = Fixture.order(id, status: status)
                        expected.status = after.status
                        expectedEvents["\(type):\(id)"] = OrderEventPayload(
                            orderId: id, userId: expected.userId, sellerId: expected.sellerId,
                            performanceId: expected.performanceId, seatIds: expected.seatIds, subtotal: expected.subtotal,
                            discount: expected.discount, total: expected.total, applied: expected.applied, occurredAt: at)
                    }
                }
            }
            let events = try await store.events()
            #expect(Set(events.map(\.eventId)) == Set(expectedEvents.keys))
            #expect(events.count == expectedEvents.count)
            for event in events {
                #expect(event.aggregateId == event.eventId.split(separator: ":").last.map(String.init))
                #expect(event.eventId.hasPrefix(event.type + ":"))
                #expect(event.createdAt == at)
                #expect(try BlobCoding.decode(OrderEventPayload.self, from: event.payload) == expectedEvents[event.eventId])
            }
            // The sold seats are those of the confirmed orders that were not refunded since.
            let sold = try await records.inventorySnapshot(performanceId: Fixture.performanceId).sold
            #expect(Set(sold.map(\.orderId)) == ["o-gatewayConfirmed-payment_processing", "o-gatewayConfirmed-payment_unknown"])
        }
    }

    /// The order a move answers is the one it stored (SQLite answers it from the update itself).
    @Test(arguments: RecordsBackend.available)
    func eachMoveAnswersTheOrderAsStored(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            let at = Fixture.t0.addingTimeInterval(42)
            let cases: [(OrderStatus, @Sendable (String) async throws -> OrderRecord?)] = [
                (.paymentProcessing, { try await records.confirmPayment(orderId: $0, at: at) }),
                (.paymentProcessing, { try await records.failPayment(orderId: $0, code: "card_declined", at: at) }),
                (.pendingPayment, { try await records.cancelUnpaid(orderId: $0, at: at) }),
                (.refundProcessing, { try await records.completeRefund(orderId: $0, at: at) }),
            ]
            for (index, (from, move)) in cases.enumerated() {
                let id = "o-answer-\(index)"
                try await records.createOrder(Fixture.order(id, status: from, seats: ["A-\(index + 1)", "B-\(index + 1)"]))
                let answered = try #require(try await move(id))
                #expect(answered == (try await records.order(id: id)), "move \(index)")
                #expect(try await move(id) == nil, "move \(index) again")
            }
        }
    }

    /// The order standing on a buyer's hold, as `createOrder` judges it, and nothing else.
    @Test(arguments: RecordsBackend.available)
    func theOrderStandingOnAHoldIsFoundAndNothingElse(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            try await records.createOrder(Fixture.order("o-paying", status: .paymentProcessing, hold: "h-paying"))
            try await records.createOrder(Fixture.order("o-live", hold: "h-live"))
            let live = try await records.order(id: "o-live")
            let paying = try await records.order(id: "o-paying")
            #expect(try await records.standingOrder(userId: Fixture.buyerId, holdId: "h-live", now: Fixture.t0) == live)
            #expect(try await records.standingOrder(userId: Fixture.buyerId, holdId: "h-paying", now: Fixture.t0) == paying)
            #expect(try await records.standingOrder(userId: Fixture.sellerId, holdId: "h-live", now: Fixture.t0) == nil)
            #expect(try await records.standingOrder(userId: Fixture.buyerId, holdId: "h-other", now: Fixture.t0) == nil)
            // One awaiting payment stands until its hold's end, and not once cancelled.
            let expiry = try #require(live).expiresAt
            #expect(try await records.standingOrder(userId: Fixture.buyerId, holdId: "h-live", now: expiry) == nil)
            _ = try await records.cancelUnpaid(orderId: "o-live", at: Fixture.t0)
            #expect(try await records.standingOrder(userId: Fixture.buyerId, holdId: "h-live", now: Fixture.t0) == nil)
        }
    }

    @Test(arguments: RecordsBackend.available)
    func aFullPurchaseAndRefundMovesSeatsCouponsAndEventsTogether(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            try await records.createCoupon(try Fixture.coupon("cpn_a", stock: 5))
            _ = try await records.appendIssuances([CouponIssuance(id: "ucA", couponId: "cpn_a", userId: Fixture.buyerId,
                                                                  claimedAt: Fixture.t0)])
            let applied = [AppliedCoupon(userCouponId: "ucA", seatId: nil, amount: 5_000, fundedBy: "seller")]
            let order = Fixture.order("o1", seats: ["A-1", "A-2"], applied: applied)
            try await records.applyJournal(performanceId: Fixture.performanceId, opened: true, [
                .holdCreated(Hold(id: order.holdId, userId: Fixture.buyerId, seatIds: order.seatIds, amount: order.subtotal,
                                  expiresAt: order.expiresAt, orderId: order.id)),
            ])
            try await records.createOrder(order)
            #expect(try await records.order(id: "o1") == order)
            #expect(try await records.userCoupons(userId: Fixture.buyerId).first?.orderId == "o1")
            // The coupon cannot discount a second order, and that order is not created.
            await #expect(throws: CouponUseError.alreadyUsed(["ucA"])) {
                try await records.createOrder(Fixture.order("o2", applied: applied))
            }
            #expect(try await records.order(id: "o2") == nil)
            #expect(try await records.createOrder(Fixture.order("o2", seats: ["A-1", "A-2"], hold: order.holdId)) == order,
                    "asked again for the hold, its live order comes back and nothing is written")
            #expect(try await records.order(id: "o2") == nil)
            await #expect(throws: (any Error).self) { try await records.createOrder(Fixture.order("o1", hold: "hold-other")) }

            let t1 = Fixture.t0.addingTimeInterval(1), t2 = t1.addingTimeInterval(1), t3 = t2.addingTimeInterval(1)
            #expect(try await records.startPayment(orderId: "o1", paymentKey: "pk", at: t1))
            let paid = try #require(try await records.confirmPayment(orderId: "o1", at: t2))
            #expect(paid.status == .paid && paid.paidAt == t2 && paid.paymentKey == "pk")
            #expect(try await records.confirmPayment(orderId: "o1", at: t3) == nil, "a replay changes nothing")
            var snapshot = try await records.inventorySnapshot(performanceId: Fixture.performanceId)
            #expect(snapshot.holds.isEmpty, "the hold is sold")
            #expect(Set(snapshot.sold.map(\.seatId)) == ["A-1", "A-2"])
            #expect(try await records.userCoupons(userId: Fixture.buyerId).first?.status == .used)

            #expect(try await records.startRefund(orderId: "o1", at: t3))
            let refunded = try #require(try await records.completeRefund(orderId: "o1", at: t3))
            #expect(refunded.status == .refunded && refunded.paidAt == t2)
            snapshot = try await records.inventorySnapshot(performanceId: Fixture.performanceId)
            #expect(snapshot.sold.isEmpty)
            #expect(try await records.userCoupons(userId: Fixture.buyerId).first?.status == .issued)
            #expect(try await store.events().map(\.eventId) == ["OrderPaid:o1", "OrderRefunded:o1"])
            #expect(try await records.orders(userId: Fixture.buyerId).map(\.id) == ["o1"])
        }
    }

    @Test(arguments: RecordsBackend.available)
    func aDeclineReturnsTheCouponAndReleasesTheHold(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            try await records.createCoupon(try Fixture.coupon("cpn_a", stock: 5))
            _ = try await records.appendIssuances([CouponIssuance(id: "ucA", couponId: "cpn_a", userId: Fixture.buyerId,
                                                                  claimedAt: Fixture.t0)])
            let applied = [AppliedCoupon(userCouponId: "ucA", seatId: "A-3", amount: 5_000, fundedBy: "seller")]
            let order = Fixture.order("o1", seats: ["A-3"], applied: applied)
            let hold = Hold(id: order.holdId, userId: Fixture.buyerId, seatIds: order.seatIds, amount: order.subtotal,
                            expiresAt: order.expiresAt)
            try await records.applyJournal(performanceId: Fixture.performanceId, opened: true, [
                .holdCreated(hold), .holdPinned(holdId: hold.id, orderId: order.id),
            ])
            try await records.createOrder(order)
            #expect(try await records.startPayment(orderId: "o1", paymentKey: "pk", at: Fixture.t0))
            let failed = try #require(try await records.failPayment(orderId: "o1", code: "declined", at: Fixture.t0))
            #expect(failed.failureCode == "declined" && failed.status == .failed)
            // The failed order's hold is closed: its seats are on sale again at once.
            #expect(try await records.inventorySnapshot(performanceId: Fixture.performanceId).holds.isEmpty)
            #expect(try await records.userCoupons(userId: Fixture.buyerId).first?.status == .issued)
            #expect(try await store.events().map(\.type) == ["OrderFailed"])

            // An expired unpaid order gives its coupon back too, without an event.
            try await records.createOrder(Fixture.order("o2", seats: ["A-4"], applied: applied))
            #expect(try await records.expiredPendingOrders(now: Fixture.t0.addingTimeInterval(599)).isEmpty)
            #expect(try await records.expiredPendingOrders(now: Fixture.t0.addingTimeInterval(600)).map(\.id) == ["o2"])
            #expect(try await records.cancelUnpaid(orderId: "o2", at: Fixture.t0)?.status == .cancelled)
            #expect(try await records.userCoupons(userId: Fixture.buyerId).first?.status == .issued)
            #expect(try await records.orders(status: [.failed, .cancelled]).map(\.id).sorted() == ["o1", "o2"])
            #expect(try await records.orders(status: [.paid]).isEmpty)
            #expect(try await store.events().count == 1)
            #expect(try await records.order(id: "o-none") == nil)
        }
    }

    /// Nodes confirming one order at once: the gateway's answer is recorded once, with one event.
    @Test(arguments: RecordsBackend.available)
    func fiftyConcurrentConfirmationsMoveTheOrderOnce(_ backend: RecordsBackend) async throws {
        try await withRecords(backend, maxConnections: 8) { store in
            let records = store.records
            try await Fixture.seed(records)
            try await records.createOrder(Fixture.order("o1", seats: ["A-1", "A-2"]))
            #expect(try await records.startPayment(orderId: "o1", paymentKey: "pk", at: Fixture.t0))
            let results = try await race(50) { index in
                try await records.confirmPayment(orderId: "o1", at: Fixture.t0.addingTimeInterval(Double(index + 1)))
            }
            let winners = results.compactMap { $0 }
            #expect(winners.count == 1)
            #expect(try await records.order(id: "o1") == winners.first)
            #expect(try await store.events().map(\.eventId) == ["OrderPaid:o1"])
            #expect(try await records.inventorySnapshot(performanceId: Fixture.performanceId).sold.count == 2)
        }
    }
}
