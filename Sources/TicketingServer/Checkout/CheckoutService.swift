import Foundation
import Synchronization
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// Quotes and orders from a buyer's hold.
struct CheckoutService: Sendable {
    let ctx: ServerContext
    let states: any PerformanceStates
    let gateway: GatewayBox

    struct Priced {
        var performance: any PerformanceState
        var hold: Hold
        var seats: [SeatInfo]
        var subtotal: Int
        var choice: CouponChoice.Choice
    }

    func price(userId: String, request: QuoteRequest) async throws -> Priced {
        guard let performanceId = try await states.holdPerformance(holdId: request.holdId),
              let performance = try await states.state(for: performanceId) else {
            throw APIFailure.notFound("hold")
        }
        guard let (hold, seats) = await performance.basket(holdId: request.holdId, userId: userId) else {
            throw APIFailure.holdGone
        }
        let basket = CouponBasket(lines: seats.map {
            CouponLine(id: $0.id, performanceId: performanceId, sellerId: performance.sellerId, grade: $0.grade, price: $0.price)
        })
        let coupons = try await ctx.storage.userCoupons(userId: userId)
        let choice = try CouponChoice.choose(basket: basket, seatIds: seats.map(\.id), coupons: coupons,
                                             named: request.userCouponIds, now: ctx.clock.now())
        return Priced(performance: performance, hold: hold, seats: seats,
                      subtotal: basket.subtotal, choice: choice)
    }

    func quote(userId: String, request: QuoteRequest) async throws -> QuoteDTO {
        let priced = try await price(userId: userId, request: request)
        return QuoteDTO(subtotal: priced.subtotal, discount: priced.choice.discount,
                        total: priced.subtotal - priced.choice.discount,
                        applied: priced.choice.applied.map(Self.dto))
    }

    /// One live order per hold. Asking again for the order a hold already has (a retry whose
    /// answer was lost, even across a node restart that lost the idempotency record, or one that
    /// reached another node while the first request still ran) gets that order back; asking with
    /// other coupons replaces it, its coupons returned to the buyer. The records keep the rule
    /// under requests racing for one hold, and for an attempt that reaches them after its retry's
    /// order is already being paid (it gets that order); the look here only spares the pricing.
    func createOrder(userId: String, request: QuoteRequest) async throws -> OrderRecord {
        let now = ctx.clock.now()
        let named = request.userCouponIds.map(Set.init)
        if let live = try await ctx.storage.standingOrder(userId: userId, holdId: request.holdId, now: now),
           live.status == .pendingPayment {
            if Self.answers(live, named) { return live }
            _ = try await ctx.storage.cancelUnpaid(orderId: live.id, at: now)
        }
        let priced = try await price(userId: userId, request: request)
        let order = OrderRecord(
            id: IDs.make("ord"), userId: userId, performanceId: priced.performance.id, sellerId: priced.performance.sellerId,
            holdId: priced.hold.id, seatIds: priced.hold.seatIds, subtotal: priced.subtotal,
            discount: priced.choice.discount, total: priced.subtotal - priced.choice.discount,
            applied: priced.choice.applied, status: .pendingPayment, createdAt: now,
            expiresAt: priced.hold.expiresAt)
        let stored: OrderRecord
        do {
            stored = try await ctx.storage.createOrder(order)
        } catch let error as CouponUseError {
            throw APIFailure.unprocessable(.couponNotApplicable, "coupon no longer available: \(error)")
        }
        guard stored.id == order.id || Self.answers(stored, named) else {
            throw APIFailure.conflict(.orderState, "another order for this hold, with other coupons, was placed at the same time")
        }
        return stored
    }

    /// Whether an order the hold already has is what a request naming these coupons asks for.
    private static func answers(_ live: OrderRecord, _ named: Set<String>?) -> Bool {
        named == nil || named == Set(live.applied.map(\.userCouponId))
    }

    static func dto(_ applied: AppliedCoupon) -> AppliedCouponDTO {
        AppliedCouponDTO(userCouponId: applied.userCouponId, seatId: applied.seatId, amount: applied.amount)
    }

    func dto(_ order: OrderRecord) -> OrderDTO {
        let settings = gateway.get()
        let payment = order.status == .pendingPayment
            ? settings.map { PaymentInfoDTO(gatewayUrl: $0.publicURL, clientKey: $0.clientKey, orderId: order.id,
                                            amount: order.total) }
            : nil
        return OrderDTO(orderId: order.id, status: order.status.wireName, performanceId: order.performanceId,
                        holdId: order.holdId, seatIds: order.seatIds, subtotal: order.subtotal,
                        discount: order.discount, total: order.total, applied: order.applied.map(Self.dto),
                        failureCode: order.failureCode, createdAt: order.createdAt, expiresAt: order.expiresAt,
                        paidAt: order.paidAt, payment: payment)
    }
}

/// Where buyers pay: the gateway's public URL and client key.
struct GatewaySettings: Sendable {
    var publicURL: String
    var clientKey: String
}

/// Set once when the server starts listening (the sandbox URL needs the bound port).
final class GatewayBox: Sendable {
    private let value = Mutex<GatewaySettings?>(nil)
    func set(_ settings: GatewaySettings) { value.withLock { $0 = settings } }
    func get() -> GatewaySettings? { value.withLock { $0 } }
}
