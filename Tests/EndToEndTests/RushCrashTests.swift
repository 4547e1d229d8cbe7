import TestSupport
import Foundation
import Synchronization
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol
import TicketingServer

/// What buyers saw acknowledged before a crash; checked against the server after the last restart.
final class RushWitness: Sendable {
    private let state = Mutex<(paid: Set<String>, positions: [String: Int], claims: [String: String])>(([], [:], [:]))
    func paid(_ orderId: String) { state.withLock { _ = $0.paid.insert(orderId) } }
    func position(_ userId: String, _ position: Int) { state.withLock { $0.positions[userId] = position } }
    func claimed(_ userId: String, _ userCouponId: String) { state.withLock { $0.claims[userId] = userCouponId } }
    var paidOrders: Set<String> { state.withLock { $0.paid } }
    var positions: [String: Int] { state.withLock { $0.positions } }
    /// Claims the server acknowledged as `issued`, by buyer.
    var claims: [String: String] { state.withLock { $0.claims } }
}

@Suite("A rush survives SIGKILLs: nothing paid is lost, nothing sold twice, the line keeps its order")
struct RushCrashTests {
    /// One buyer's whole purchase, written so it can be resumed from whatever the server kept.
    static func buy(_ api: APIClient, userId: String, show: String, frozen: String, coupon: String, port: UInt16,
                    witness: RushWitness) async throws {
        let joined = try await api.post("/v1/performances/\(frozen)/queue", as: QueueStatusDTO.self)
        if let position = joined.position { witness.position(userId, position) }
        while true {
            let orders = try await api.get("/v1/me/orders", as: OrderList.self).orders
            if let paid = orders.first(where: { $0.status == "paid" }) {
                witness.paid(paid.orderId)
                // Then a scarce coupon for next time: claims run all through the rush, so kills
                // land among them too. One already held answers 409 and changes nothing.
                if witness.claims[userId] == nil, let claim = try? await api.claimCoupon(coupon), claim.status == .issued {
                    witness.claimed(userId, claim.userCouponId)
                }
                return
            }
            if let open = orders.first(where: { $0.status == "payment_processing" }) {
                _ = open
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            let order: OrderDTO
            if let pending = orders.first(where: { $0.status == "pending_payment" && $0.payment != nil }) {
                order = pending
            } else {
                var status = try await api.post("/v1/performances/\(show)/queue", as: QueueStatusDTO.self)
                while status.state != "admitted" {
                    // Sold out (or closed) while waiting: this buyer goes home.
                    guard status.state == "waiting" else { return }
                    try await Task.sleep(for: .milliseconds(50))
                    status = try await api.get("/v1/performances/\(show)/queue/me", as: QueueStatusDTO.self)
                }
                let grade = ["R", "S", "A"][abs(userId.hashValue) % 3]
                guard let hold = try? await api.post("/v1/performances/\(show)/holds",
                                                     body: CreateHoldRequest(grade: grade, count: 2, allowSplit: true),
                                                     as: HoldDTO.self,
                                                     headers: ["X-Admission-Token": status.admissionToken ?? ""]) else {
                    return   // sold out in this grade: this buyer goes home empty-handed
                }
                order = try await api.post("/v1/orders", body: QuoteRequest(holdId: hold.holdId), as: OrderDTO.self)
            }
            let payment = try #require(order.payment)
            let key = try await APIClient(host: "127.0.0.1", port: port).post(
                "/sandbox-gateway/v1/sandbox/checkout",
                body: SandboxCheckoutRequest(clientKey: payment.clientKey, orderId: order.orderId, amount: payment.amount,
                                             card: .init(number: "4242424242424242", expiry: "12/30")),
                as: SandboxCheckoutResponse.self).paymentKey
            _ = try await api.post("/v1/orders/\(order.orderId)/pay", body: PayRequest(paymentKey: key), as: OrderStatusDTO.self)
        }
    }

    /// SIGKILLs per run: `QTICKET_CRASH_KILLS` (default 3, kept small for CI; a soak sets 20 or more).
    static var kills: Int {
        ProcessInfo.processInfo.environment["QTICKET_CRASH_KILLS"].flatMap(Int.init).map { min(max($0, 1), 100) } ?? 3
    }

    @Test func killsMidRush() async throws {
        let kills = Self.kills
        try #require(FileManager.default.isExecutableFile(atPath: ChildServer.binary.path),
                     "build qticketd first (swift build --build-tests)")
        let setup = try await TestServer.start()
        let (seller, _) = try await setup.signedUp("seller")
        let hall = try VenuePerformanceTests.hall("theatre.hall")
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        var rush = VenuePerformanceTests.request(venueId: venue.id, hall: hall)
        rush.admission = AdmissionSpec(ratePerSecond: 200, maxActive: 1_000, tokenTTLSeconds: 600)
        let show = try await seller.createPerformance(rush)
        var slow = VenuePerformanceTests.request(venueId: venue.id, hall: hall, title: "Never opens its doors")
        slow.admission = AdmissionSpec(ratePerSecond: 0.0001, maxActive: 1, tokenTTLSeconds: 600)
        let frozen = try await seller.createPerformance(slow)
        // 200 seats, two a buyer: more kills need more buyers so that every kill still lands
        // while some are paying.
        let buyers = try await setup.buyers(min(60 + 10 * max(0, kills - 3), 240))
        let couponStock = buyers.count * 2 / 3
        let coupon = try await seller.createCoupon(CreateCouponRequest(name: "Crash coupon", kind: "fixed", amount: 1_000,
                                                                       totalQuantity: couponStock))
        await setup.stop()
        _ = try await AdminTasks.createAdmin(dataDirectory: setup.dataDirectory, email: "root@crash.example",
                                             password: "correct horse", name: "Root", now: Date())

        let witness = RushWitness()
        var generator = SplitMix64(seed: 20_261_125)
        var paidAtKills: [Int] = []
        var claimsAtKills: [Int] = []
        var sold = (tickets: 0, gross: 0)
        // What the kills are spread over: every paid order up to the hall's 100 pairs of seats,
        // less a margin for grades that sell out before the buyers who wanted them arrive.
        let target = min(buyers.count, 80)
        for round in 0...kills {
            let (launched, reader) = try ChildServer.launch(dataDirectory: setup.dataDirectory, environment: [
                "QTICKET_PAYMENT_SANDBOX": "1", "QTICKET_LOG_LEVEL": "critical", "QTICKET_COUPONS_CLAIM_ACK_WAIT_MS": "500",
            ])
            let line = try #require(await reader.firstLine(), "qticketd printed no listening line")
            let port = try #require(line.split(separator: ":").last.flatMap { UInt16($0) })
            let child = launched.with(port: port)
            let lastRound = round == kills
            let rushTask = Task {
                await withTaskGroup(of: Void.self) { group in
                    for (index, buyer) in buyers.enumerated() {
                        group.addTask {
                            // Buyers arrive over ~1.5 s, so the rush is still under way when a
                            // kill lands even if this process is starved of CPU for a while.
                            try? await Task.sleep(for: .milliseconds(25 * index))
                            let api = APIClient(host: "127.0.0.1", port: port, token: buyer.auth.token, timeout: 30)
                            try? await Self.buy(api, userId: buyer.auth.user.id, show: show.id, frozen: frozen.id,
                                                coupon: coupon.id, port: port, witness: witness)
                        }
                    }
                }
            }
            if lastRound {
                await rushTask.value
                sold = try await Self.verify(port: port, buyers: buyers.map(\.auth), show: show.id, frozen: frozen.id,
                                      coupon: coupon.id, couponStock: couponStock, witness: witness)
            } else {
                // Kill once a share of buyers has paid, at a random moment after: payments, holds
                // and joins are then all in flight.
                let threshold = (round + 1) * target / (kills + 1)
                let deadline = ContinuousClock.now + .seconds(60)
                while witness.paidOrders.count < threshold, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...150, using: &generator)))
            }
            if !lastRound {
                paidAtKills.append(witness.paidOrders.count)
                claimsAtKills.append(witness.claims.count)
            }
            child.kill()
            await child.waitForExit()
            rushTask.cancel()
            await rushTask.value
        }
        // At least one kill must have landed while buyers were still paying, or nothing was tested.
        // After the last kill: a server on the same data delivers whatever the relay had not
        // marked delivered, and the ledger still counts each sale once.
        let after = try await TestServer.start(dataDirectory: setup.dataDirectory)
        defer { Task { await after.stop() } }
        var outbox = try await after.server.storage.outboxCounts()
        let drained = ContinuousClock.now + .seconds(20)
        while outbox.pending > 0, ContinuousClock.now < drained {
            try await Task.sleep(for: .milliseconds(100))
            outbox = try await after.server.storage.outboxCounts()
        }
        #expect(outbox.pending == 0, "\(outbox.pending) of \(outbox.total) outbox events never delivered")
        try await Self.expectLedger(port: after.port, show: show.id, sold: sold)
        let total = witness.paidOrders.count
        #expect(paidAtKills.contains { $0 > 0 && $0 < total }, "paid at each kill: \(paidAtKills) of \(total)")
        let killedMidRush = paidAtKills.filter { $0 < total }.count
        print("rush crash test: \(kills) SIGKILLs (\(killedMidRush) with payments still to come), \(buyers.count) buyers; "
              + "paid orders seen at each kill \(paidAtKills), \(total) in the end; claims acknowledged at each kill "
              + "\(claimsAtKills), \(witness.claims.count) of \(couponStock) in the end; \(outbox.total) outbox events, "
              + "\(sold.tickets) tickets in the ledger once each")
    }

    static func verify(port: UInt16, buyers: [AuthResponse], show: String, frozen: String, coupon: String,
                       couponStock: Int, witness: RushWitness) async throws -> (tickets: Int, gross: Int) {
        var paidSeats: [String] = []
        var paidOrders = Set<String>()
        var paidSubtotal = 0
        var claimants = 0
        for buyer in buyers {
            let api = APIClient(host: "127.0.0.1", port: port, token: buyer.token)
            var orders = try await api.get("/v1/me/orders", as: OrderList.self).orders
            // Anything still with the gateway must settle by itself (the worker resumed it at start).
            let deadline = ContinuousClock.now + .seconds(30)
            while orders.contains(where: { $0.status == "payment_processing" }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                orders = try await api.get("/v1/me/orders", as: OrderList.self).orders
            }
            #expect(!orders.contains { $0.status == "payment_processing" }, "an order never reached a final state")
            for order in orders {
                let charges = try await api.get("/sandbox-gateway/v1/sandbox/charges?orderId=\(order.orderId)",
                                                as: SandboxCharges.self).charges
                #expect(charges.count <= 1, "order \(order.orderId) charged \(charges.count) times")
                #expect((order.status == "paid") == (charges.count == 1),
                        "order \(order.orderId) is \(order.status) with \(charges.count) charges")
                if order.status == "paid" {
                    paidSeats += order.seatIds
                    paidOrders.insert(order.orderId)
                    paidSubtotal += order.subtotal
                }
            }
            let held = try await api.myCoupons().coupons.filter { $0.couponId == coupon }
            #expect(held.count <= 1, "buyer \(buyer.user.id) holds \(held.count) of one coupon")
            claimants += held.count
            if let acknowledged = witness.claims[buyer.user.id] {
                #expect(held.map(\.userCouponId) == [acknowledged], "claim \(acknowledged) was acknowledged, then lost")
            }
            let place = try await api.get("/v1/performances/\(frozen)/queue/me", as: QueueStatusDTO.self)
            if let before = witness.positions[buyer.user.id] {
                #expect(place.position == before, "buyer \(buyer.user.id) moved from \(before) to \(place.position ?? -1)")
            }
        }
        #expect(witness.paidOrders.isSubset(of: paidOrders), "an order seen paid before a kill is no longer paid")
        #expect(claimants <= couponStock, "\(claimants) buyers hold a coupon of which \(couponStock) exist")
        // A claim answered `pending` is still being written; the stock settles once it is.
        let anyone = APIClient(host: "127.0.0.1", port: port)
        var remaining = try await anyone.coupons().coupons.first { $0.id == coupon }?.remaining
        let settled = ContinuousClock.now + .seconds(10)
        while remaining != couponStock - claimants, ContinuousClock.now < settled {
            try await Task.sleep(for: .milliseconds(100))
            remaining = try await anyone.coupons().coupons.first { $0.id == coupon }?.remaining
        }
        #expect(remaining == couponStock - claimants, "stock says \(remaining ?? -1) left, \(claimants) were issued")
        #expect(Set(paidSeats).count == paidSeats.count, "a seat was sold twice")
        let seats = try await APIClient(host: "127.0.0.1", port: port).seats(show)
        #expect(Set(seats.seats.filter { $0.state == .sold }.map(\.id)) == Set(paidSeats))
        #expect(!paidOrders.isEmpty)
        let sold = (tickets: paidSeats.count, gross: paidSubtotal)
        try await expectLedger(port: port, show: show, sold: sold)
        return sold
    }

    /// Downstream, every OrderPaid reached the ledger exactly once despite the kills: the relay
    /// is at least once (an event delivered but not yet marked when the kill landed comes again),
    /// the settlement consumer de-duplicates by event id.
    static func expectLedger(port: UInt16, show: String, sold: (tickets: Int, gross: Int)) async throws {
        let admin = APIClient(host: "127.0.0.1", port: port)
        _ = try await admin.login(LoginRequest(email: "root@crash.example", password: "correct horse"))
        var sales = try await admin.get("/v1/seller/performances/\(show)/sales", as: SalesDTO.self)
        let deadline = ContinuousClock.now + .seconds(20)
        while sales.ticketsSold != sold.tickets, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            sales = try await admin.get("/v1/seller/performances/\(show)/sales", as: SalesDTO.self)
        }
        #expect(sales.ticketsSold == sold.tickets, "ledger counts \(sales.ticketsSold) tickets, \(sold.tickets) were sold")
        #expect(sales.gross == sold.gross)
        let platform = try await admin.get("/v1/admin/platform", as: PlatformTotalsDTO.self)
        #expect(platform.unbalancedTransactions == 0)
    }
}
