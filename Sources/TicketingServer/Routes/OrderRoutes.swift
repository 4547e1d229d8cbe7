import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// Quote, order, pay, cancel/refund, and the buyer's orders.
struct OrderRoutes {
    let ctx: ServerContext
    let hub: PerformanceHub
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

    /// 202 while the gateway decides; calling again never charges twice.
    @Sendable func pay(_ req: RequestContext) async throws -> HTTPResponse {
        let order = try await ownOrder(req)
        let body = try await req.decode(PayRequest.self)
        // Checked whatever the order's state, in code points as docs/openapi.yaml's maxLength counts.
        guard (1...200).contains(body.paymentKey.unicodeScalars.count) else {
            throw APIFailure.badRequest("paymentKey must be 1 to 200 characters")
        }
        switch order.status {
        case .pendingPayment:
            guard let performance = try await hub.actor(for: order.performanceId),
                  try await performance.pinForPayment(holdId: order.holdId, orderId: order.id) else {
                _ = try await ctx.storage.cancelUnpaid(orderId: order.id, at: ctx.clock.now())
                throw APIFailure.holdGone
            }
            if try await ctx.storage.startPayment(orderId: order.id, paymentKey: body.paymentKey, at: ctx.clock.now()) {
                await worker.submit(order.id)
            }
            return .json(.accepted, OrderStatusDTO(orderId: order.id, status: OrderStatus.paymentProcessing.wireName))
        case .paymentProcessing, .paymentUnknown:
            return .json(.accepted, OrderStatusDTO(orderId: order.id, status: order.status.wireName))
        case .paid, .failed, .refunded, .refundProcessing:
            return .json(.ok, OrderStatusDTO(orderId: order.id, status: order.status.wireName))
        case .cancelled:
            throw APIFailure(.conflict, .orderState, "the order was cancelled (its hold expired); order again")
        }
    }

    /// Unpaid: cancelled at once. Paid: refunded through the gateway before the show starts.
    /// The buyer or the performance's seller may cancel.
    @Sendable func cancel(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try await req.requireEmptyOrObject()
        guard let order = try await ctx.storage.order(id: req.param("id")) else { throw APIFailure.notFound("order") }
        guard order.userId == principal.userId || order.sellerId == principal.userId || principal.role == .admin else {
            throw APIFailure.notFound("order")
        }
        let now = ctx.clock.now()
        switch order.status {
        case .pendingPayment:
            guard let cancelled = try await ctx.storage.cancelUnpaid(orderId: order.id, at: now) else {
                throw APIFailure(.conflict, .orderState, "the order changed meanwhile; read it again")
            }
            try await hub.actor(for: order.performanceId)?.releaseUnpaid(holdId: order.holdId, userId: order.userId)
            return .json(.ok, OrderStatusDTO(orderId: cancelled.id, status: cancelled.status.wireName))
        case .paid:
            if order.sellerId != principal.userId, principal.role != .admin,
               let show = try await ctx.storage.performance(id: order.performanceId), show.spec.refundDeadline <= now {
                throw APIFailure(.conflict, .orderState,
                                 "refunds closed \(show.spec.refundCutoffHours ?? 0) hours before the show starts")
            }
            if try await ctx.storage.startRefund(orderId: order.id, at: now) { await worker.submitRefund(order.id) }
            return .json(.accepted, OrderStatusDTO(orderId: order.id, status: OrderStatus.refundProcessing.rawValue))
        case .refundProcessing:
            return .json(.accepted, OrderStatusDTO(orderId: order.id, status: order.status.rawValue))
        case .refunded, .cancelled:
            return .json(.ok, OrderStatusDTO(orderId: order.id, status: order.status.wireName))
        case .paymentProcessing, .paymentUnknown, .failed:
            throw APIFailure(.conflict, .orderState, "an order that is \(order.status.wireName) cannot be cancelled")
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
