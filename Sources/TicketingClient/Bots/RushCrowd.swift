import Foundation
import TicketingProtocol

/// The demo's rush: thousands of simulated buyers arriving over tens of seconds, joining the
/// line of one show, and buying (1–4 seats each, a preferred grade first) when admitted. They
/// share a few connections (`CrowdLink`) and ask rarely while far back (`RushPacing`), so a
/// crowd of 5,000 fits on a 2-core machine beside the server it rushes.
public enum RushCrowd {
    public struct Plan: Sendable {
        public var performanceId: String
        public var saleOpensAt: Date
        public var bots: Int
        /// Bots arrive evenly over this many seconds from the start of `run`.
        public var arrival: TimeInterval
        public var grades: [String]
        public var maxSeatsPerOrder: Int
        /// Makes this crowd's emails unique in a reused data directory.
        public var tag: String
        /// Seconds a bot "picks" between admission and hold, and between hold and order.
        public var thinkTime: ClosedRange<Double> = 1...4

        public init(performanceId: String, saleOpensAt: Date, bots: Int, arrival: TimeInterval, grades: [String],
                    maxSeatsPerOrder: Int, tag: String) {
            self.performanceId = performanceId
            self.saleOpensAt = saleOpensAt
            self.bots = bots
            self.arrival = arrival
            self.grades = grades
            self.maxSeatsPerOrder = maxSeatsPerOrder
            self.tag = tag
        }
    }

    public struct Tally: Sendable, Equatable {
        public var paidOrders = 0
        public var seatsBought = 0
        public var soldOut = 0
        public var paymentFailed = 0
        public var gaveUp = 0
        public var firstProblem: String?

        public init() {}

        mutating func add(_ outcome: BuyerBot.Outcome) {
            switch outcome {
            case .paid(_, let seats):
                paidOrders += 1
                seatsBought += seats
            case .soldOut: soldOut += 1
            case .paymentFailed: paymentFailed += 1
            case .gaveUp(let why):
                gaveUp += 1
                if firstProblem == nil { firstProblem = why }
            }
        }
    }

    /// Runs the whole crowd; returns when every bot has finished or the task is cancelled.
    public static func run(_ plan: Plan, link: CrowdLink) async -> Tally {
        guard plan.bots > 0, !plan.grades.isEmpty else { return Tally() }
        let spacing = plan.arrival / Double(plan.bots)
        return await withTaskGroup(of: BuyerBot.Outcome.self) { group in
            for index in 0..<plan.bots {
                let grades = plan.grades
                // Each bot prefers a different grade first, so every part of the map empties.
                let rotated = Array(grades[(index % grades.count)...] + grades[..<(index % grades.count)])
                let bot = RushBot(index: index, email: "rush-\(plan.tag)-\(index)@crowd.queueticket.dev",
                                  grades: rotated, seats: 1 + index % max(1, plan.maxSeatsPerOrder))
                group.addTask {
                    do {
                        try await Task.sleep(for: .milliseconds(Int(spacing * Double(index) * 1_000)))
                    } catch {
                        return .gaveUp("cancelled before arriving")
                    }
                    return await bot.run(plan, link: link)
                }
            }
            var tally = Tally()
            for await outcome in group { tally.add(outcome) }
            return tally
        }
    }
}

/// One buyer of the rush, speaking through the crowd's shared connections.
struct RushBot: Sendable {
    let index: Int
    let email: String
    let grades: [String]
    let seats: Int

    func run(_ plan: RushCrowd.Plan, link: CrowdLink) async -> BuyerBot.Outcome {
        do {
            let auth: AuthResponse = try await link.send(
                "POST", "/v1/auth/signup",
                body: SignupRequest(email: email, password: "rush-bot-password", name: "Rush bot", role: "buyer"),
                token: nil, bot: index)
            let token = auth.token
            guard let admission = try await waitForAdmission(plan, link: link, token: token) else { return .soldOut }
            try await think(plan)
            guard let hold = try await holdSeats(plan, link: link, token: token, admission: admission) else {
                try? await link.send("DELETE", "/v1/performances/\(plan.performanceId)/queue/me", token: token, bot: index)
                return .soldOut
            }
            try await think(plan)
            let order: OrderDTO = try await link.send("POST", "/v1/orders", body: QuoteRequest(holdId: hold.holdId),
                                                      token: token, bot: index)
            guard let payment = order.payment else { return .gaveUp("the order offered no payment") }
            let gatewayPath = URL(string: payment.gatewayUrl)?.path ?? ""
            let checkout: SandboxCheckoutResponse = try await link.send(
                "POST", gatewayPath + "/v1/sandbox/checkout",
                body: SandboxCheckoutRequest(clientKey: payment.clientKey, orderId: order.orderId, amount: payment.amount,
                                             card: .init(number: "4242 4242 4242 4242", expiry: "12/30")),
                token: nil, bot: index)
            let _: OrderStatusDTO = try await link.send("POST", "/v1/orders/\(order.orderId)/pay",
                                                        body: PayRequest(paymentKey: checkout.paymentKey),
                                                        token: token, bot: index)
            for _ in 0..<60 {
                let status: OrderDTO = try await link.send("GET", "/v1/orders/\(order.orderId)", token: token, bot: index)
                switch status.status {
                case "paid": return .paid(orderId: order.orderId, seats: status.seatIds.count)
                case "failed", "cancelled": return .paymentFailed(status.failureCode ?? status.status)
                default: try await Task.sleep(for: .milliseconds(500))
                }
            }
            return .gaveUp("payment of \(order.orderId) did not finish")
        } catch {
            return .gaveUp(String(describing: error))
        }
    }

    /// The admission token, or nil when the show sold out while this bot waited (it then leaves).
    private func waitForAdmission(_ plan: RushCrowd.Plan, link: CrowdLink, token: String) async throws -> String? {
        let path = "/v1/performances/\(plan.performanceId)/queue"
        var status: QueueStatusDTO = try await link.send("POST", path, token: token, bot: index)
        while status.state != "admitted" {
            if status.state == "sold_out" || status.state == "closed" {
                try? await link.send("DELETE", path + "/me", token: token, bot: index)
                return nil
            }
            let delay = RushPacing.pollDelay(status, saleOpensAt: plan.saleOpensAt, now: Date(),
                                             jitter: Double.random(in: 0...1))
            try await Task.sleep(for: .milliseconds(Int(delay * 1_000)))
            status = try await link.send("GET", path + "/me", token: token, bot: index)
        }
        return status.admissionToken
    }

    /// Best available in the first grade that still has `seats` together, then split, then fewer.
    private func holdSeats(_ plan: RushCrowd.Plan, link: CrowdLink, token: String,
                           admission: String) async throws -> HoldDTO? {
        for count in stride(from: seats, through: 1, by: -1) {
            for allowSplit in [false, true] {
                for grade in grades {
                    do {
                        return try await link.send(
                            "POST", "/v1/performances/\(plan.performanceId)/holds",
                            body: CreateHoldRequest(grade: grade, count: count, allowSplit: allowSplit),
                            token: token, bot: index, headers: ["X-Admission-Token": admission])
                    } catch let error as APIError where error.code == "seat_unavailable" {
                        continue
                    }
                }
            }
        }
        return nil
    }

    private func think(_ plan: RushCrowd.Plan) async throws {
        let seconds = Double.random(in: plan.thinkTime)
        try await Task.sleep(for: .milliseconds(Int(seconds * 1_000)))
    }
}
