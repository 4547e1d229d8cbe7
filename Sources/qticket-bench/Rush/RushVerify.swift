import Foundation
import TicketingClient
import TicketingDomain
import TicketingProtocol

/// One invariant after a rush, checked through the API only.
struct RushCheck: Sendable {
    var name: String
    var detail: String
    var ok: Bool
}

/// Where a rush ran and what the bench made there: enough to read everything back.
struct RushScene: Sendable {
    /// The gateway's ledger: the sandbox mounted on the bench's child (`/v1/sandbox/charges`),
    /// or any Toss-compatible gateway's transactions lookup since the rush was set up.
    enum Charges: Sendable {
        case mountedSandbox
        case gateway(url: URL, secretKey: String, since: Date)
    }

    var host = "127.0.0.1"
    var port: UInt16
    var retry = RetryPolicy.none
    var performanceId: String
    var couponId: String
    var couponStock: Int
    var sellerToken: String
    var buyers: [Buyer]
    var adminEmail = RushSetup.adminEmail
    var adminPassword = RushSetup.adminPassword
    var charges = Charges.mountedSandbox

    init(setup: RushSetup, port: UInt16) {
        self.port = port
        performanceId = setup.performanceId
        couponId = setup.couponId
        couponStock = setup.couponStock
        sellerToken = setup.sellerToken
        buyers = setup.buyers
    }

    init(host: String, port: UInt16, retry: RetryPolicy, performanceId: String, couponId: String, couponStock: Int,
         sellerToken: String, buyers: [Buyer], adminEmail: String, adminPassword: String, charges: Charges) {
        (self.host, self.port, self.retry) = (host, port, retry)
        (self.performanceId, self.couponId, self.couponStock) = (performanceId, couponId, couponStock)
        (self.sellerToken, self.buyers) = (sellerToken, buyers)
        (self.adminEmail, self.adminPassword, self.charges) = (adminEmail, adminPassword, charges)
    }

    func client(token: String? = nil) -> APIClient {
        APIClient(host: host, port: port, token: token, timeout: 60, retry: retry)
    }
}

/// Reads back what the server and the gateway say after the rush and checks the invariants.
struct RushVerify: Sendable {
    let setup: RushScene
    let outcomes: [RushOutcome]

    static let finalStates: Set<String> = ["paid", "failed", "cancelled", "refunded"]

    func run() async throws -> [RushCheck] {
        var checks: [RushCheck] = []
        let orders = try await settled("orders", path: "/v1/me/orders", as: OrderList.self) { list in
            list.orders.allSatisfy { Self.finalStates.contains($0.status) }
        }.mapValues { $0.orders.filter { $0.performanceId == setup.performanceId } }
        let all = orders.values.flatMap { $0 }
        let open = all.filter { !Self.finalStates.contains($0.status) }
        checks.append(RushCheck(name: "every order in a final state", detail: "\(all.count) orders: "
            + Dictionary(grouping: all, by: \.status).map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: ", "),
            ok: open.isEmpty))
        // A buyer here orders each hold once; a second order on a hold is a retry that ran twice
        // (it stays open until the hold expires, then reads as cancelled, so the line above can miss it).
        let holds = Set(all.map(\.holdId))
        checks.append(RushCheck(name: "one order per hold", detail: "\(all.count) orders on \(holds.count) holds",
                                ok: holds.count == all.count))

        let paid = all.filter { $0.status == "paid" }
        let paidSeats = paid.flatMap(\.seatIds)
        let api = setup.client()
        let seats = try await api.seats(setup.performanceId).seats
        let sold = Set(seats.filter { $0.state == .sold }.map(\.id))
        let twice = paidSeats.count - Set(paidSeats).count
        checks.append(RushCheck(name: "no seat sold twice",
                                detail: "\(paidSeats.count) seats in \(paid.count) paid orders, \(twice) duplicated; "
                                    + "GET seats shows \(sold.count) sold",
                                ok: twice == 0 && Set(paidSeats) == sold))
        let claimedPaid = outcomes.compactMap { if case .paid(let id, _) = $0.result { id } else { nil } }
        let paidIds = Set(paid.map(\.orderId))
        checks.append(RushCheck(name: "buyers' paid answers match the server",
                                detail: "\(claimedPaid.count) buyers saw paid; server has \(paidIds.count) paid",
                                ok: Set(claimedPaid) == paidIds))

        checks.append(try await couponCheck(api))
        checks.append(try await chargeCheck(api, orders: all))
        checks.append(contentsOf: try await ledgerChecks(soldSeats: sold.count, paid: paid))
        await api.http.close()
        return checks
    }

    private func couponCheck(_ api: APIClient) async throws -> RushCheck {
        // A win a killed node acknowledged reaches the issuance log when a surviving node
        // reconciles it from Redis (docs/SCALE_OUT.md): wait for it, as for pending ones.
        var wonBy: [String: String] = [:]
        for outcome in outcomes { if case .won(let id)? = outcome.claim { wonBy[outcome.buyerId] = id } }
        let wins = wonBy
        let held = try await settled("coupons", path: "/v1/me/coupons", as: UserCouponList.self) { buyer, list in
            list.coupons.allSatisfy { $0.status != .pending }
                && wins[buyer].map { id in list.coupons.contains { $0.userCouponId == id } } ?? true
        }
        var holdings: [String: String] = [:]
        var pending = 0
        for (buyer, list) in held {
            for coupon in list.coupons where coupon.couponId == setup.couponId {
                holdings[buyer] = coupon.userCouponId
                if coupon.status == .pending { pending += 1 }
            }
        }
        let attempts = outcomes.compactMap { outcome in
            outcome.claim.map { CouponClaimAudit.Attempt(buyer: outcome.buyerId, outcome: $0) }
        }
        var problems = CouponClaimAudit.violations(of: attempts, stock: setup.couponStock, holdings: holdings)
        let remaining = try await api.coupons(performanceId: setup.performanceId).coupons
            .first { $0.id == setup.couponId }?.remaining ?? -1
        if remaining != setup.couponStock - holdings.count {
            problems.append("remaining \(remaining) ≠ stock \(setup.couponStock) − \(holdings.count) held")
        }
        if pending > 0 { problems.append("\(pending) still pending") }
        let won = attempts.filter { if case .won = $0.outcome { true } else { false } }.count
        return RushCheck(name: "coupon count exact (CouponClaimAudit)",
                         detail: "\(attempts.count) claims, \(won) won, stock \(setup.couponStock), \(holdings.count) held, "
                             + "remaining \(remaining)" + (problems.isEmpty ? "" : "; " + problems.prefix(3).joined(separator: "; ")),
                         ok: problems.isEmpty && holdings.count <= setup.couponStock)
    }

    private func chargeCheck(_ api: APIClient, orders: [OrderDTO]) async throws -> RushCheck {
        let charges: [GatewayCharge]
        switch setup.charges {
        case .mountedSandbox:
            let response = try await api.http.send(BenchRequests.get("/sandbox-gateway/v1/sandbox/charges"))
            struct Charges: Decodable { var charges: [GatewayCharge] }
            charges = try WireJSON.decode(Charges.self, from: response.body).charges
        case let .gateway(url, secretKey, since):
            charges = try await GatewayLedger(url: url, secretKey: secretKey, retry: setup.retry)
                .charges(from: since.addingTimeInterval(-60), through: Date().addingTimeInterval(60))
        }
        let byOrder = Dictionary(grouping: charges, by: \.orderId)
        var problems: [String] = []
        for order in orders {
            let mine = byOrder[order.orderId] ?? []
            if order.status == "paid" {
                if mine.count != 1 { problems.append("paid \(order.orderId) has \(mine.count) charges") }
                else if mine[0].amount != order.total || mine[0].status != "charged" {
                    problems.append("paid \(order.orderId): charge \(mine[0].amount) \(mine[0].status) ≠ total \(order.total)")
                }
            } else if !mine.filter({ $0.status == "charged" }).isEmpty {
                problems.append("\(order.status) \(order.orderId) has a live charge")
            }
        }
        let known = Set(orders.map(\.orderId))
        let stray = try await ordersUnknownToTheServer(byOrder.keys.filter { !known.contains($0) }).count
        if stray > 0 { problems.append("\(stray) charges for unknown orders") }
        return RushCheck(name: "exactly one gateway charge per paid order, none without one",
                         detail: "\(charges.count) charges for \(orders.filter { $0.status == "paid" }.count) paid orders"
                             + (problems.isEmpty ? "" : "; " + problems.prefix(3).joined(separator: "; ")),
                         ok: problems.isEmpty)
    }

    /// A shared gateway also carries other sales' charges (an earlier rush on the same nodes):
    /// a charge is stray only when no server knows its order, asked as the admin, who may read any.
    private func ordersUnknownToTheServer(_ orderIds: [String]) async throws -> [String] {
        guard case .gateway = setup.charges, !orderIds.isEmpty else { return orderIds }
        let admin = setup.client()
        defer { Task { await admin.http.close() } }
        _ = try await admin.login(LoginRequest(email: setup.adminEmail, password: setup.adminPassword))
        var unknown: [String] = []
        for orderId in orderIds.sorted() {
            do {
                let segment = orderId.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? orderId
                _ = try await admin.get("/v1/orders/\(segment)", as: OrderDTO.self)
            } catch let error as APIError where error.status == 404 {
                unknown.append(orderId)
            }
        }
        return unknown
    }

    private func ledgerChecks(soldSeats: Int, paid: [OrderDTO]) async throws -> [RushCheck] {
        let admin = setup.client()
        _ = try await admin.login(LoginRequest(email: setup.adminEmail, password: setup.adminPassword))
        let seller = setup.client(token: setup.sellerToken)
        let gross = paid.reduce(0) { $0 + $1.subtotal }
        var sales = try await seller.get("/v1/seller/performances/\(setup.performanceId)/sales", as: SalesDTO.self)
        let until = ContinuousClock.now + .seconds(20)
        while sales.ticketsSold != soldSeats || sales.gross != gross, ContinuousClock.now < until {
            try await Task.sleep(for: .milliseconds(250))
            sales = try await seller.get("/v1/seller/performances/\(setup.performanceId)/sales", as: SalesDTO.self)
        }
        let platform = try await admin.get("/v1/admin/platform", as: PlatformTotalsDTO.self)
        let statements = try await statementCheck(seller, gross: sales.gross)
        await admin.http.close()
        await seller.http.close()
        return [statements,
            RushCheck(name: "ledger balanced (GET /v1/admin/platform)",
                      detail: "unbalancedTransactions \(platform.unbalancedTransactions), buyerPayments "
                          + Format.int(platform.buyerPayments), ok: platform.unbalancedTransactions == 0),
            RushCheck(name: "sales ticketsSold = sold seats",
                      detail: "ticketsSold \(sales.ticketsSold), sold seats \(soldSeats); gross \(Format.int(sales.gross)) "
                          + "vs paid subtotals \(Format.int(gross))",
                      ok: sales.ticketsSold == soldSeats && sales.gross == gross),
        ]
    }

    /// The seller's statements (docs/SETTLEMENT.md): every ledger transaction in them sums to
    /// zero, each has `payout = gross − sellerCouponCost − platformFee − refunds`, and their gross
    /// adds up to the sales' (this seller has only the rush's show), re-read while postings land.
    private func statementCheck(_ seller: APIClient, gross: Int) async throws -> RushCheck {
        let until = ContinuousClock.now + .seconds(10)
        while true {
            let list = try await seller.get("/v1/seller/settlements", as: SettlementList.self).settlements
            var problems: [String] = []
            var lines = 0
            for summary in list {
                if summary.payout != summary.gross - summary.sellerCouponCost - summary.platformFee - summary.refunds {
                    problems.append("\(summary.id): payout \(summary.payout) ≠ gross − costs − fee − refunds")
                }
                let statement = try await seller.get("/v1/seller/settlements/\(summary.id)", as: SettlementStatementDTO.self)
                lines += statement.lines.count
                for (transaction, entries) in Dictionary(grouping: statement.lines, by: \.transactionId)
                where entries.reduce(0, { $0 + $1.debit - $1.credit }) != 0 {
                    problems.append("\(summary.id): transaction \(transaction) does not balance")
                }
            }
            let total = list.reduce(0) { $0 + $1.gross }
            if total != gross { problems.append("statements' gross \(Format.int(total)) ≠ sales gross \(Format.int(gross))") }
            if problems.isEmpty || ContinuousClock.now > until {
                return RushCheck(name: "seller statements balanced (GET /v1/seller/settlements)",
                                 detail: "\(list.count) statement(s), \(lines) ledger lines, gross \(Format.int(total))"
                                     + (problems.isEmpty ? "" : "; " + problems.prefix(3).joined(separator: "; ")),
                                 ok: problems.isEmpty)
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Every buyer's `path`, re-read for up to 30 s until `done` holds for all of them.
    private func settled<T: Decodable & Sendable>(_ what: String, path: String, as type: T.Type,
                                                  done: @escaping @Sendable (T) -> Bool) async throws -> [String: T] {
        try await settled(what, path: path, as: type) { _, value in done(value) }
    }

    /// As above, `done` also told whose answer it judges.
    private func settled<T: Decodable & Sendable>(_ what: String, path: String, as type: T.Type,
                                                  done: @escaping @Sendable (String, T) -> Bool) async throws -> [String: T] {
        var results: [String: T] = [:]
        var todo = setup.buyers
        let until = ContinuousClock.now + .seconds(30)
        while !todo.isEmpty {
            let batch = try await fetch(todo, path: path, as: T.self)
            results.merge(batch) { $1 }
            todo = todo.filter { buyer in results[buyer.id].map { !done(buyer.id, $0) } ?? true }
            if todo.isEmpty || ContinuousClock.now > until { break }
            note("\(todo.count) buyers' \(what) not settled yet")
            try await Task.sleep(for: .milliseconds(500))
        }
        return results
    }

    private func fetch<T: Decodable & Sendable>(_ buyers: [Buyer], path: String, as type: T.Type) async throws -> [String: T] {
        let scene = setup
        let lanes = 16
        return try await withThrowingTaskGroup(of: [(String, T)].self) { group in
            for lane in 0..<lanes {
                let slice = stride(from: lane, to: buyers.count, by: lanes).map { buyers[$0] }
                group.addTask {
                    let api = scene.client()
                    var got: [(String, T)] = []
                    for buyer in slice {
                        await api.setToken(buyer.token)
                        got.append((buyer.id, try await api.get(path, as: T.self)))
                    }
                    await api.http.close()
                    return got
                }
            }
            var all: [String: T] = [:]
            for try await batch in group { for (id, value) in batch { all[id] = value } }
            return all
        }
    }
}
