import Foundation
import TicketingClient
import TicketingDomain
import TicketingProtocol

/// What every buyer of one rush shares: the show, the coupon and the mix of behaviours.
struct RushPlan: Sendable {
    var host = "127.0.0.1"
    var port: UInt16
    var performanceId: String
    var couponId: String
    var grades: [String]
    var maxSeats: Int
    var claimShare: Double
    var declineShare: Double
    var faultShare: Double
    var seed: UInt64
    /// Without a push for this long, read the state over HTTP (the fallback for a lost push).
    var pollEvery: Duration
    var deadline: ContinuousClock.Instant
    /// `.none` against the bench's own child; `.loadBalanced` against `--target` servers.
    var retry = RetryPolicy.none
    /// Buyers go only this far, then close their sockets (`rush --stop-after`); nil: the whole purchase.
    var stopAfter: RushStop?
}

/// How far a buyer goes with `rush --stop-after`: runs that stop at each step apart tell what
/// each step of a purchase costs the server (the difference of their CPU per buyer).
enum RushStop: String, Codable, Sendable, CaseIterable {
    /// Socket, join and admission.
    case join
    /// Then the coupon claim (for some) and the hold.
    case hold
    /// Then the order, left unpaid.
    case order

    static let reason = "stopped by --stop-after"
}

struct RushOutcome: Sendable {
    enum Result: Sendable, Equatable {
        case paid(orderId: String, seats: Int)
        case failed(orderId: String, code: String)
        case soldOut
        case gaveUp(String)
    }

    var buyerId: String
    /// nil when this buyer did not try to claim the coupon.
    var claim: CouponClaimAudit.Outcome?
    var result: Result
}

/// Any server push, decoded only as far as the rush needs.
private struct Push: Decodable {
    /// Not a server message: the socket reconnected, so what it may have missed is read over HTTP.
    static let resumed = "bench.resumed"

    var type: String
    var state: String?
    var admissionToken: String?
    var orderId: String?
    var status: String?
    var failureCode: String?
}

/// One simulated buyer over real sockets: join → admitted (WebSocket, poll as fallback) → claim
/// (some) → best-available hold guided by what is left → order → sandbox checkout → pay → final status.
struct RushBuyer: Sendable {
    static let approve = "4242 4242 4242 4242"
    static let decline = "4000 0000 0000 0002"
    static let fault = "4000 0000 0000 0500"

    let index: Int
    let buyer: Buyer
    let plan: RushPlan
    let tally: RushTally

    func run() async -> RushOutcome {
        var rng = SplitMix64(state: plan.seed &+ UInt64(index) &* 0x9E37_79B9)
        let claims = Double.random(in: 0..<1, using: &rng) < plan.claimShare
        let pick = Double.random(in: 0..<1, using: &rng)
        let card = pick < plan.declineShare ? Self.decline
            : pick < plan.declineShare + plan.faultShare ? Self.fault : Self.approve
        let count = Int.random(in: 1...plan.maxSeats, using: &rng)
        let firstGrade = Int.random(in: 0..<plan.grades.count, using: &rng)

        let api = APIClient(host: plan.host, port: plan.port, token: buyer.token, timeout: 30, retry: plan.retry,
                            onRetry: { [tally] in tally.add(error: "retried: \($0)", count: 1) })
        var socket: ResumingWebSocket?
        var outcome = RushOutcome(buyerId: buyer.id, claim: nil, result: .gaveUp("start"))
        let started = ContinuousClock.now
        defer { tally.record(.buyer, ContinuousClock.now - started) }
        do {
            socket = try? await step(tally, .connect) { try await ResumingWebSocket.open(api: api, maxMessageSize: 1 << 20) }
            let joined = try await join(api)
            try? await socket?.subscribe(ClientSocketMessage(type: "queue.subscribe", performanceId: plan.performanceId))
            guard let admission = try await admitted(joined, api: api, socket: &socket) else {
                outcome.result = .soldOut
                await close(api, socket)
                return outcome
            }
            if plan.stopAfter == .join { return await stop(&outcome, api, socket) }
            if claims { outcome.claim = await claim(api) }
            guard let hold = try await hold(api, admission: admission, count: count, firstGrade: firstGrade) else {
                outcome.result = .soldOut
                await leave(api, socket)
                return outcome
            }
            if plan.stopAfter == .hold { return await stop(&outcome, api, socket) }
            let order = try await step(tally, .order) {
                try await api.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId), as: OrderDTO.self)
            }
            if plan.stopAfter == .order { return await stop(&outcome, api, socket) }
            guard let payment = order.payment else { throw BenchError("order \(order.orderId) offered no payment") }
            let key = try await step(tally, .checkout) { try await checkout(api, payment: payment, card: card) }
            let paying = ContinuousClock.now
            _ = try await step(tally, .pay) {
                try await api.post("/v1/orders/\(order.orderId)/pay", body: PayRequest(paymentKey: key),
                                   as: OrderStatusDTO.self)
            }
            let final = try await finalStatus(order.orderId, api: api, socket: &socket)
            tally.record(.paid, ContinuousClock.now - paying)
            if final.status == "paid" {
                outcome.result = .paid(orderId: order.orderId, seats: order.seatIds.count)
                await close(api, socket)
            } else {
                outcome.result = .failed(orderId: order.orderId, code: final.failureCode ?? final.status ?? "?")
                await leave(api, socket)
            }
        } catch {
            outcome.result = .gaveUp(RushTally.code(error))
            await leave(api, socket)
        }
        return outcome
    }

    private func join(_ api: APIClient) async throws -> QueueStatusDTO {
        while true {
            do {
                return try await step(tally, .join) {
                    try await api.post("/v1/performances/\(plan.performanceId)/queue", as: QueueStatusDTO.self)
                }
            } catch let error as APIError where ["rate_limited", "overloaded"].contains(error.code)
                        && ContinuousClock.now < plan.deadline {
                try await Task.sleep(for: .seconds(Double(error.retryAfter ?? 1)))
            }
        }
    }

    /// The admission token, or nil when the show sold out while waiting.
    private func admitted(_ joined: QueueStatusDTO, api: APIClient, socket: inout ResumingWebSocket?) async throws -> String? {
        let start = ContinuousClock.now
        defer { tally.record(.admission, ContinuousClock.now - start) }
        if joined.state == "admitted", let token = joined.admissionToken { return token }
        if joined.state == "sold_out" || joined.state == "closed" { return nil }
        // While the socket carries the news, a waiting buyer holds one connection, not two (on
        // both ends: the server's descriptors bound how many can wait at once).
        if socket != nil { await api.http.close() }
        var lastPoll = start
        while ContinuousClock.now < plan.deadline {
            if let push = await next(&socket, until: lastPoll + plan.pollEvery) {
                if push.type == "queue.admitted", let token = push.admissionToken { return token }
                // Reconnected: the admission may have been pushed while no socket was open.
                if push.type == Push.resumed { lastPoll = .now - plan.pollEvery }
                // The pushed sold-out: what remains cannot serve anyone still waiting.
                if push.type == "queue.status", push.state == "sold_out" || push.state == "closed" { return nil }
            }
            if socket == nil || ContinuousClock.now - lastPoll >= plan.pollEvery {
                lastPoll = ContinuousClock.now
                let status = try await api.get("/v1/performances/\(plan.performanceId)/queue/me", as: QueueStatusDTO.self)
                tally.poll()
                if status.state == "admitted", let token = status.admissionToken { return token }
                if status.state == "sold_out" || status.state == "closed" { return nil }
                if socket == nil { try await Task.sleep(for: plan.pollEvery) }
            }
        }
        throw BenchError("deadline while waiting for admission")
    }

    private func claim(_ api: APIClient) async -> CouponClaimAudit.Outcome {
        do {
            let answer = try await step(tally, .claim) { try await api.claimCoupon(plan.couponId) }
            return .won(userCouponId: answer.userCouponId)
        } catch let error as APIError where error.code == "sold_out" {
            return .soldOut
        } catch let error as APIError where error.code == "already_claimed" {
            // This buyer claims once: "already" means a try whose answer was lost (a node died
            // after deciding) won, and the answer names that coupon.
            if let id = error.body?.userCouponId { return .won(userCouponId: id) }
            return .alreadyClaimed
        } catch {
            return .unexpected(RushTally.code(error))
        }
    }

    /// Best available together in the buyer's grade; a refusal says what each grade has left,
    /// so the buyer goes where a run fits, else takes split seats, else leaves: never a blind retry.
    /// nil when what is left cannot seat the party.
    private func hold(_ api: APIClient, admission: String, count: Int, firstGrade: Int) async throws -> HoldDTO? {
        let start = ContinuousClock.now
        let grades = plan.grades.count
        let preference = (0..<grades).map { plan.grades[(firstGrade + $0) % grades] }
        var request = CreateHoldRequest(grade: preference[0], count: count, allowSplit: false)
        // Another buyer may take the seats between an answer and the next try; a few rounds
        // follow the map as it empties, each on fresh numbers. A server that does not answer
        // what is left (the build before) gets the old blind walk: each grade together, then split.
        var blind = 0
        for _ in 0..<(2 * grades) {
            do {
                let hold = try await step(tally, .holdAttempt) {
                    try await api.post("/v1/performances/\(plan.performanceId)/holds", body: request, as: HoldDTO.self,
                                       headers: ["X-Admission-Token": admission])
                }
                tally.record(.hold, ContinuousClock.now - start)
                return hold
            } catch let error as APIError where error.code == "seat_unavailable" {
                guard let left = error.body?.remaining else {
                    blind += 1
                    guard blind < 2 * grades else { return nil }
                    request = CreateHoldRequest(grade: preference[blind % grades], count: count, allowSplit: blind >= grades)
                    continue
                }
                let byGrade = Dictionary(left.map { ($0.grade, $0) }, uniquingKeysWith: { first, _ in first })
                if let grade = preference.first(where: { (byGrade[$0]?.largestRun ?? 0) >= count }) {
                    request = CreateHoldRequest(grade: grade, count: count, allowSplit: false)
                } else if let grade = preference.first(where: { (byGrade[$0]?.free ?? 0) >= count }) {
                    request = CreateHoldRequest(grade: grade, count: count, allowSplit: true)
                } else {
                    return nil
                }
            }
        }
        return nil
    }

    /// The sandbox's payment window, on the API's connection when the gateway is mounted there,
    /// else on a connection to the gateway's own address (`--payment-gateway` nodes). The key
    /// only tells the retry policy the request may be repeated (the sandbox keys confirm and
    /// cancel, not checkout): a repeated checkout makes at most another unpaid payment, since
    /// only confirm charges.
    private func checkout(_ api: APIClient, payment: PaymentInfoDTO, card: String) async throws -> String {
        let url = URL(string: payment.gatewayUrl)
        let base = url?.path ?? ""
        let body = try WireJSON.encode(SandboxCheckoutRequest(
            clientKey: payment.clientKey, orderId: payment.orderId, amount: payment.amount,
            card: .init(number: card, expiry: "12/30")))
        let request = ClientRequest(method: "POST", path: base + "/v1/sandbox/checkout",
                                    headers: ["Content-Type": "application/json", "Accept": "application/json",
                                              "Idempotency-Key": "checkout-" + payment.orderId], body: body)
        let gatewayHost = url?.host ?? api.http.host
        let gatewayPort = url?.port.map { UInt16($0) } ?? (url?.scheme == "https" ? 443 : 80)
        let response: ClientResponse
        if gatewayHost == api.http.host && gatewayPort == api.http.port {
            response = try await plan.retry.send(request, attempt: { try await api.http.send($0) }, onRetry: api.onRetry)
        } else {
            let gateway = HTTPClient(host: gatewayHost, port: gatewayPort, timeout: api.http.timeout)
            defer { Task { await gateway.close() } }
            response = try await plan.retry.send(request, attempt: { try await gateway.send($0) }, onRetry: api.onRetry)
        }
        guard response.isSuccess else { throw APIError(response: response) }
        return try WireJSON.decode(SandboxCheckoutResponse.self, from: response.body).paymentKey
    }

    /// `order.updated` from the socket, or the order read back once a second without one.
    private func finalStatus(_ orderId: String, api: APIClient, socket: inout ResumingWebSocket?) async throws -> Push {
        var lastPoll = ContinuousClock.now
        while ContinuousClock.now < plan.deadline {
            if let push = await next(&socket, until: lastPoll + plan.pollEvery) {
                if push.type == "order.updated", push.orderId == orderId, let status = push.status,
                   status != "payment_processing" {
                    return push
                }
                // Reconnected: `order.updated` may have been pushed while no socket was open.
                if push.type == Push.resumed { lastPoll = .now - plan.pollEvery }
            }
            if socket == nil || ContinuousClock.now - lastPoll >= plan.pollEvery {
                lastPoll = ContinuousClock.now
                let order = try await api.get("/v1/orders/\(orderId)", as: OrderDTO.self)
                tally.poll()
                if ["paid", "failed", "cancelled", "refunded"].contains(order.status) {
                    return Push(type: "poll", orderId: orderId, status: order.status, failureCode: order.failureCode)
                }
                if socket == nil { try await Task.sleep(for: plan.pollEvery) }
            }
        }
        throw BenchError("deadline while waiting for the payment of \(orderId)")
    }

    /// The next push, or nil when none came by `until` (or without a socket). A socket that
    /// cannot be made again is dropped: the buyer goes on polling.
    private func next(_ socket: inout ResumingWebSocket?, until: ContinuousClock.Instant) async -> Push? {
        let wait = max(0.01, (until - ContinuousClock.now).seconds)
        guard let live = socket else { return nil }
        let event: ResumingWebSocket.Event?
        do {
            event = try await live.receive(timeout: wait)
        } catch {
            socket = nil
            return nil
        }
        switch event {
        case .message(.text(let text)): return try? WireJSON.decode(Push.self, from: Data(text.utf8))
        case .message(.data(let data)): return try? WireJSON.decode(Push.self, from: data)
        case .resumed:
            tally.add(error: "websocket: reconnected and resumed", count: 1)
            return Push(type: Push.resumed)
        case nil: return nil
        }
    }

    /// Leaves the line (frees the admission for the next buyer), then closes; not timed.
    private func leave(_ api: APIClient, _ socket: ResumingWebSocket?) async {
        try? await api.delete("/v1/performances/\(plan.performanceId)/queue/me")
        await close(api, socket)
    }

    /// Ends a buyer at `--stop-after`'s step: sockets closed, nothing left or cancelled (what it
    /// holds expires later, after the measured run).
    private func stop(_ outcome: inout RushOutcome, _ api: APIClient, _ socket: ResumingWebSocket?) async -> RushOutcome {
        outcome.result = .gaveUp(RushStop.reason)
        await close(api, socket)
        return outcome
    }

    private func close(_ api: APIClient, _ socket: ResumingWebSocket?) async {
        await socket?.close()
        await api.http.close()
    }
}
