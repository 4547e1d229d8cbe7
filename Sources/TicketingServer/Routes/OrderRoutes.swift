import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// Quote, order, pay, cancel/refund, and the buyer's orders.
struct OrderRoutes {
    let ctx: ServerContext
    let states: any PerformanceStates
    let checkout: CheckoutService
    let worker: PaymentWorker

    func register(into router: inout Router) {
        router.add(.POST, "/v1/orders/quote", quote)
        router.add(.POST, "/v1/orders", create)
        router.add(.GET, "/v1/orders/:id", show)
        router.add(.POST, "/v1/orders/:id/pay", pay)
        router.add(.POST, "/v1/orders/:id/cancel", cancel)
        router.add(.GET, "/v1/me/orders", mine)
    }

    @Sendable func quote(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        return .json(.ok, try await checkout.quote(userId: principal.userId, request: try await req.decode(QuoteRequest.self)))
    }

    @Sendable func create(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try principal.require(.buyer, action: "place orders")
        guard await worker.isConfigured else {
            throw APIFailure(.serviceUnavailable, .paymentFailed, "no payment gateway is configured on this server")
        }
        let order = try await checkout.createOrder(userId: principal.userId, request: try await req.decode(QuoteRequest.self))
        return .json(.created, checkout.dto(order))
    }

    @Sendable func show(_ req: RequestContext) async throws -> HTTPResponse {
        .json(.ok, checkout.dto(try await ownOrder(req)))
    }

    @Sendable func mine(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        return .json(.ok, OrderList(orders: try await ctx.storage.orders(userId: principal.userId).map(checkout.dto)))
    }

    /// 202 while the gateway decides; calling again never charges twice (`OrderPolicy.pay`).
    @Sendable func pay(_ req: RequestContext) async throws -> HTTPResponse {
        let order = try await ownOrder(req)
        let body = try await req.decode(PayRequest.self)
        // Checked whatever the order's state, in code points as docs/openapi.yaml's maxLength counts.
        guard (1...200).contains(body.paymentKey.unicodeScalars.count) else {
            throw APIFailure.badRequest("paymentKey must be 1 to 200 characters")
        }
        let principal = try ctx.auth.principal(req)
        let party = OrderParty(userId: principal.userId, role: principal.role, buyerId: order.userId,
                               sellerId: order.sellerId)
        switch OrderPolicy.pay(status: order.status, party: party) {
        case .move:
            guard let performance = try await states.state(for: order.performanceId),
                  try await performance.pinForPayment(holdId: order.holdId, orderId: order.id) else {
                _ = try await ctx.storage.cancelUnpaid(orderId: order.id, at: ctx.clock.now())
                throw APIFailure.holdGone
            }
            if try await ctx.storage.startPayment(orderId: order.id, paymentKey: body.paymentKey, at: ctx.clock.now()) {
                await worker.submit(order.id)
            }
            return .json(.accepted, OrderStatusDTO(orderId: order.id, status: OrderStatus.paymentProcessing.wireName))
        case .unchanged(let pending):
            return .json(pending ? .accepted : .ok, OrderStatusDTO(orderId: order.id, status: order.status.wireName))
        case .refused(let refusal):
            throw Self.failure(refusal, cancelling: false)
        }
    }

    /// Unpaid: cancelled at once. Paid: refunded through the gateway; who may and until when is
    /// `OrderPolicy.cancel`.
    @Sendable func cancel(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try await req.requireEmptyOrObject()
        guard let order = try await ctx.storage.order(id: req.param("id")) else { throw APIFailure.notFound("order") }
        let party = OrderParty(userId: principal.userId, role: principal.role, buyerId: order.userId,
                               sellerId: order.sellerId)
        let now = ctx.clock.now()
        // Only a buyer's refund needs the performance (for its cutoff); strangers learn nothing.
        let spec = party == .buyer && order.status == .paid
            ? try await ctx.storage.performance(id: order.performanceId)?.spec : nil
        switch OrderPolicy.cancel(status: order.status, party: party, refundDeadline: spec?.refundDeadline,
                                  refundCutoffHours: spec?.refundCutoffHours, now: now) {
        case .move(.refundRequested):
            if try await ctx.storage.startRefund(orderId: order.id, at: now) { await worker.submitRefund(order.id) }
            return .json(.accepted, OrderStatusDTO(orderId: order.id, status: OrderStatus.refundProcessing.rawValue))
        case .move: // .cancelledUnpaid, the only other move a cancel decides
            guard let cancelled = try await ctx.storage.cancelUnpaid(orderId: order.id, at: now) else {
                throw APIFailure(.conflict, .orderState, "the order changed meanwhile; read it again")
            }
            try await states.state(for: order.performanceId)?.releaseUnpaid(holdId: order.holdId, userId: order.userId)
            return .json(.ok, OrderStatusDTO(orderId: cancelled.id, status: cancelled.status.wireName))
        case .unchanged(let pending):
            return .json(pending ? .accepted : .ok, OrderStatusDTO(orderId: order.id, status: order.status.wireName))
        case .refused(let refusal):
            throw Self.failure(refusal, cancelling: true)
        }
    }

    private static func failure(_ refusal: OrderRefusal, cancelling: Bool) -> APIFailure {
        switch refusal {
        case .notFound:
            APIFailure.notFound("order")
        case .refundWindowClosed(let hours):
            APIFailure(.conflict, .orderState, "refunds closed \(hours) hours before the show starts")
        case .wrongState(.cancelled) where !cancelling:
            APIFailure(.conflict, .orderState, "the order was cancelled (its hold expired); order again")
        case .wrongState(let status):
            APIFailure(.conflict, .orderState, "an order that is \(status.wireName) cannot be cancelled")
        }
    }

    /// Another buyer's order is "not found": its existence is not theirs to learn.
    private func ownOrder(_ req: RequestContext) async throws -> OrderRecord {
        let principal = try ctx.auth.principal(req)
        guard let order = try await ctx.storage.order(id: req.param("id")),
              order.userId == principal.userId || principal.role == .admin else { throw APIFailure.notFound("order") }
        return order
    }
}
