import Foundation
import Testing
import TicketingDomain
@testable import TicketingServer
import TicketingStorage

/// Every order move of the record ports, from every status, does exactly what `OrderMachine`
/// says: moves to its target when the machine allows the event, changes nothing otherwise.
@Suite("Contract: order moves follow the machine, per backend")
struct OrderLifecycleContractTests {
    /// The storage call an event stands for (expiry and an abandoned order share one).
    static func apply(_ event: OrderEvent, to id: String, on records: any DurableRecords, at now: Date) async throws {
        switch event {
        case .payRequested: _ = try await records.startPayment(orderId: id, paymentKey: "pk_\(id)", at: now)
        case .gatewayConfirmed: _ = try await records.confirmPayment(orderId: id, at: now)
        case .gatewayDeclined: _ = try await records.failPayment(orderId: id, code: "REJECT_CARD_PAYMENT", at: now)
        case .gatewayOutcomeUnknown: try await records.markPaymentUnknown(orderId: id, at: now)
        case .expired, .cancelledUnpaid: _ = try await records.cancelUnpaid(orderId: id, at: now)
        case .refundRequested: _ = try await records.startRefund(orderId: id, at: now)
        case .refundCompleted: _ = try await records.completeRefund(orderId: id, at: now)
        case .refundFailed: try await records.refundFailed(orderId: id, at: now)
        }
    }

    /// A way to each status from pending_payment, through allowed events only.
    static let paths: [OrderStatus: [OrderEvent]] = [
        .pendingPayment: [],
        .paymentProcessing: [.payRequested],
        .paymentUnknown: [.payRequested, .gatewayOutcomeUnknown],
        .paid: [.payRequested, .gatewayConfirmed],
        .failed: [.payRequested, .gatewayDeclined],
        .cancelled: [.cancelledUnpaid],
        .refundProcessing: [.payRequested, .gatewayConfirmed, .refundRequested],
        .refunded: [.payRequested, .gatewayConfirmed, .refundRequested, .refundCompleted],
    ]

    @Test(arguments: Backend.all)
    func everyEventFromEveryStatus(backend: Backend) async throws {
        let under = try await backend.make()
        defer { Task { await under.teardown() } }
        let now = Date()
        #expect(Set(Self.paths.keys) == Set(OrderStatus.allCases))
        for status in OrderStatus.allCases {
            for event in OrderEvent.allCases {
                let id = "ord_\(status.rawValue)_\(event.rawValue)"
                // Its own performance, so sold seats of different orders never collide.
                try await under.records.createOrder(OrderRecord(
                    id: id, userId: "usr_b", performanceId: "prf_\(id)", sellerId: "usr_s", holdId: "hld_\(id)",
                    seatIds: ["A-1"], subtotal: 10_000, discount: 0, total: 10_000, applied: [], status: .pendingPayment,
                    createdAt: now, expiresAt: now.addingTimeInterval(300)))
                for step in Self.paths[status] ?? [] { try await Self.apply(step, to: id, on: under.records, at: now) }
                #expect(try await under.records.order(id: id)?.status == status, "the path to \(status)")
                try await Self.apply(event, to: id, on: under.records, at: now)
                let expected = OrderMachine.next(status, on: event) ?? status
                #expect(try await under.records.order(id: id)?.status == expected, "\(status) on \(event)")
            }
        }
    }
}
