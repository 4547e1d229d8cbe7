import Foundation
import TicketingProtocol

/// A simulated buyer doing what a person does in a rush: sign up, join the waiting room, wait
/// to be admitted, hold the best seats of a grade, order and pay through the gateway checkout.
/// Used by the load generator and the crowd tests (the demo's rush uses the lighter `RushCrowd`).
public struct BuyerBot: Sendable {
    public enum Outcome: Sendable, Equatable {
        case paid(orderId: String, seats: Int)
        case soldOut
        case paymentFailed(String)
        case gaveUp(String)
    }

    public let host: String
    public let port: UInt16
    public let performanceId: String
    public let email: String
    public let grades: [String]
    public let seats: Int
    public let card: String
    /// Seconds the bot "thinks" between steps, so a demo crowd moves at a human pace.
    public let thinkTime: ClosedRange<Double>
    /// `.loadBalanced` for servers behind a balancer: refused/reset connections and 502/503 retried.
    public let retry: RetryPolicy

    public init(host: String, port: UInt16, performanceId: String, email: String, grades: [String], seats: Int = 2,
                card: String = "4242 4242 4242 4242", thinkTime: ClosedRange<Double> = 0...0, retry: RetryPolicy = .none) {
        self.host = host
        self.port = port
        self.performanceId = performanceId
        self.email = email
        self.grades = grades
        self.seats = seats
        self.card = card
        self.thinkTime = thinkTime
        self.retry = retry
    }

    public func run(password: String = "bot-password-1") async -> Outcome {
        let api = APIClient(host: host, port: port, timeout: 30, retry: retry)
        do {
            _ = try await api.signup(SignupRequest(email: email, password: password, name: "Bot", role: "buyer"))
            let admission = try await waitForAdmission(api)
            guard let admission else { return .soldOut }
            await think()
            guard let hold = try await holdSeats(api, token: admission) else { return .soldOut }
            await think()
            let order = try await api.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId), as: OrderDTO.self)
            guard let payment = order.payment else { return .gaveUp("the order offered no payment") }
            let gatewayPath = URL(string: payment.gatewayUrl)?.path ?? ""
            let checkout = try await APIClient(host: host, port: port, retry: retry).post(
                gatewayPath + "/v1/sandbox/checkout",
                body: SandboxCheckoutRequest(clientKey: payment.clientKey, orderId: order.orderId, amount: payment.amount,
                                             card: .init(number: card, expiry: "12/30")),
                as: SandboxCheckoutResponse.self)
            _ = try await api.post("/v1/orders/\(order.orderId)/pay", body: PayRequest(paymentKey: checkout.paymentKey),
                                   as: OrderStatusDTO.self)
            while true {
                let status = try await api.get("/v1/orders/\(order.orderId)", as: OrderDTO.self)
                switch status.status {
                case "paid": return .paid(orderId: order.orderId, seats: status.seatIds.count)
                case "failed", "cancelled": return .paymentFailed(status.failureCode ?? status.status)
                default: try await Task.sleep(for: .milliseconds(100))
                }
            }
        } catch {
            return .gaveUp(String(describing: error))
        }
    }

    /// nil when the performance sold out while waiting.
    private func waitForAdmission(_ api: APIClient) async throws -> String? {
        var status = try await api.post("/v1/performances/\(performanceId)/queue", as: QueueStatusDTO.self)
        while status.state != "admitted" {
            if status.state == "sold_out" || status.state == "closed" { return nil }
            try await Task.sleep(for: .milliseconds(200))
            status = try await api.get("/v1/performances/\(performanceId)/queue/me", as: QueueStatusDTO.self)
        }
        return status.admissionToken
    }

    /// Best available in the first grade that still has `seats` together (then split).
    private func holdSeats(_ api: APIClient, token: String) async throws -> HoldDTO? {
        for allowSplit in [false, true] {
            for grade in grades {
                do {
                    return try await api.post("/v1/performances/\(performanceId)/holds",
                                              body: CreateHoldRequest(grade: grade, count: seats, allowSplit: allowSplit),
                                              as: HoldDTO.self, headers: ["X-Admission-Token": token])
                } catch let error as APIError where error.code == "seat_unavailable" {
                    continue
                }
            }
        }
        return nil
    }

    private func think() async {
        let seconds = Double.random(in: thinkTime)
        if seconds > 0 { try? await Task.sleep(for: .milliseconds(Int(seconds * 1_000))) }
    }
}

/// Many bots at once, each on its own connection; returns every outcome.
public enum Crowd {
    public static func run(_ bots: [BuyerBot], concurrency: Int = 64) async -> [BuyerBot.Outcome] {
        await withTaskGroup(of: BuyerBot.Outcome.self) { group in
            var outcomes: [BuyerBot.Outcome] = []
            var next = 0
            for _ in 0..<min(concurrency, bots.count) {
                let bot = bots[next]
                next += 1
                group.addTask { await bot.run() }
            }
            while let outcome = await group.next() {
                outcomes.append(outcome)
                if next < bots.count {
                    let bot = bots[next]
                    next += 1
                    group.addTask { await bot.run() }
                }
            }
            return outcomes
        }
    }
}
