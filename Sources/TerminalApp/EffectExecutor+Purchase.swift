import Foundation
import TerminalUI
import TicketingClient
import TicketingProtocol

/// The purchase's and the seller's calls, each answered with the intent that carries its result.
extension EffectExecutor {
    func runPurchase(_ effect: Effect, api: APIClient, exportDirectory: URL) async throws -> [Intent] {
        switch effect {
        case .joinQueue(let id):
            let status = try await api.post("/v1/performances/\(pathSegment(id))/queue", as: QueueStatusDTO.self)
            return [.queueStatus(performanceId: id, status)]
        case .pollQueue(let id):
            let status = try await api.get("/v1/performances/\(pathSegment(id))/queue/me", as: QueueStatusDTO.self)
            return [.queueStatus(performanceId: id, status)]
        case .loadQueueStats(let id):
            let stats = try await api.get("/v1/performances/\(pathSegment(id))/queue", as: QueueStatsDTO.self)
            return [.queueStats(performanceId: id, stats)]
        case .hold(let id, let token, let seatIds, let grade, let count, let section):
            let body = CreateHoldRequest(seatIds: seatIds, grade: grade, count: count,
                                         allowSplit: seatIds == nil ? true : nil, section: section)
            let hold = try await api.post("/v1/performances/\(pathSegment(id))/holds", body: body, as: HoldDTO.self,
                                          headers: ["X-Admission-Token": token])
            return [.held(hold)]
        case .loadMyCoupons:
            return [.myCouponsLoaded(try await api.myCoupons().coupons)]
        case .quote(let holdId, let coupons):
            let quote = try await api.post("/v1/orders/quote", body: QuoteRequest(holdId: holdId, userCouponIds: coupons),
                                           as: QuoteDTO.self)
            return [.quoted(holdId: holdId, quote)]
        case .placeOrder(let holdId, let coupons, let number, let expiry):
            let order = try await api.post("/v1/orders", body: QuoteRequest(holdId: holdId, userCouponIds: coupons),
                                           as: OrderDTO.self)
            do {
                let status = try await pay(order, card: .init(number: number, expiry: expiry), api: api)
                var placed = order
                placed.status = status
                return [.orderPlaced(placed)]
            } catch {
                // The order exists; the screen shows it failed and why, and the buyer may retry.
                return [.orderPlaced(order), .failed(.order, message: Self.message(for: error, request: .order, in: language))]
            }
        case .loadOrder(let id):
            return [.orderLoaded(try await api.get("/v1/orders/\(pathSegment(id))", as: OrderDTO.self))]
        case .loadOrders:
            return [.ordersLoaded(try await api.get("/v1/me/orders", as: OrderList.self).orders)]
        case .loadCoupons(let id):
            return [.couponsLoaded(performanceId: id, try await api.coupons(performanceId: id).coupons)]
        case .claimCoupon(let id):
            let claim = try await api.claimCoupon(id)
            return [.couponClaimed(couponId: id, status: claim.status.rawValue)]
        case .loadSales(let id):
            let sales = try await api.get("/v1/seller/performances/\(pathSegment(id))/sales", as: SalesDTO.self)
            // The door count is extra: a server without it still shows the sales.
            let checkins = try? await api.checkinSummary(performanceId: id)
            return [.salesLoaded(sales)] + (checkins.map { [.checkinsLoaded($0)] } ?? [])
        case .loadSettlements:
            return [.settlementsLoaded(try await api.get("/v1/seller/settlements", as: SettlementList.self).settlements)]
        case .exportStatement(let id):
            let response = try await api.send(method: "GET", path: "/v1/seller/settlements/\(pathSegment(id))",
                                              headers: ["Accept": "text/csv"])
            guard response.isSuccess else { throw APIError(response: response) }
            let file = exportDirectory.appendingPathComponent("settlement-\(Self.fileSafe(id)).csv")
            try response.body.write(to: file, options: .atomic)
            return [.statementExported(path: file.path)]
        default:
            return []
        }
    }

    /// The gateway's checkout for a payment key, then `pay`: what a browser checkout does.
    private func pay(_ order: OrderDTO, card: SandboxCheckoutRequest.Card, api: APIClient) async throws -> String {
        guard let payment = order.payment else { return order.status }
        let gatewayPath = URL(string: payment.gatewayUrl)?.path ?? ""
        let request = SandboxCheckoutRequest(clientKey: payment.clientKey, orderId: order.orderId,
                                             amount: payment.amount, card: card)
        let reply = try await api.send(method: "POST", path: gatewayPath + "/v1/sandbox/checkout",
                                       body: try WireJSON.encode(request))
        guard reply.isSuccess else { throw GatewayRefusal.from(reply) }
        let checkout = try WireJSON.decode(SandboxCheckoutResponse.self, from: reply.body)
        let status = try await api.post("/v1/orders/\(pathSegment(order.orderId))/pay",
                                        body: PayRequest(paymentKey: checkout.paymentKey), as: OrderStatusDTO.self)
        return status.status
    }

    func pathSegment(_ id: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }

    static func fileSafe(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
