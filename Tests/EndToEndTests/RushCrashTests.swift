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
    private let state = Mutex<(paid: Set<String>, positions: [String: Int])>(([], [:]))
    func paid(_ orderId: String) { state.withLock { _ = $0.paid.insert(orderId) } }
    func position(_ userId: String, _ position: Int) { state.withLock { $0.positions[userId] = position } }
    var paidOrders: Set<String> { state.withLock { $0.paid } }
    var positions: [String: Int] { state.withLock { $0.positions } }
}

@Suite("A rush survives SIGKILLs: nothing paid is lost, nothing sold twice, the line keeps its order")
struct RushCrashTests {
    /// One buyer's whole purchase, written so it can be resumed from whatever the server kept.
    static func buy(_ api: APIClient, userId: String, show: String, frozen: String, port: UInt16,
                    witness: RushWitness) async throws {
        let joined = try await api.post("/v1/performances/\(frozen)/queue", as: QueueStatusDTO.self)
        if let position = joined.position { witness.position(userId, position) }
        while true {
            let orders = try await api.get("/v1/me/orders", as: OrderList.self).orders
            if let paid = orders.first(where: { $0.status == "paid" }) {
                witness.paid(paid.orderId)
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

    @Test func threeKillsMidRush() async throws {
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
        let buyers = try await setup.buyers(60)
        await setup.stop()
        _ = try await AdminTasks.createAdmin(dataDirectory: setup.dataDirectory, email: "root@crash.example",
                                             password: "correct horse", name: "Root", now: Date())

        let witness = RushWitness()
        var generator = SplitMix64(seed: 20_261_125)
        var paidAtKills: [Int] = []
        for round in 0..<4 {
            let (launched, reader) = try ChildServer.launch(dataDirectory: setup.dataDirectory, environment: [
                "QTICKET_PAYMENT_SANDBOX": "1", "QTICKET_LOG_LEVEL": "critical",
            ])
            let line = try #require(await reader.firstLine(), "qticketd printed no listening line")
            let port = try #require(line.split(separator: ":").last.flatMap { UInt16($0) })
            let child = launched.with(port: port)
            let lastRound = round == 3
            let rushTask = Task {
                await withTaskGroup(of: Void.self) { group in
                    for (index, buyer) in buyers.enumerated() {
                        group.addTask {
                            // Buyers arrive over ~1.5 s, so the rush is still under way when a
                            // kill lands even if this process is starved of CPU for a while.
                            try? await Task.sleep(for: .milliseconds(25 * index))
                            let api = APIClient(host: "127.0.0.1", port: port, token: buyer.auth.token, timeout: 30)
                            try? await Self.buy(api, userId: buyer.auth.user.id, show: show.id, frozen: frozen.id,
                                                port: port, witness: witness)
                        }
                    }
                }
            }
            if lastRound {
                await rushTask.value
                try await Self.verify(port: port, buyers: buyers.map(\.auth), show: show.id, frozen: frozen.id,
                                      witness: witness)
            } else {
                // Kill once a share of buyers has paid, at a random moment after: payments, holds
                // and joins are then all in flight.
                let threshold = (round + 1) * buyers.count / 5
                let deadline = ContinuousClock.now + .seconds(60)
                while witness.paidOrders.count < threshold, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...150, using: &generator)))
            }
            if !lastRound { paidAtKills.append(witness.paidOrders.count) }
            child.kill()
            await child.waitForExit()
            rushTask.cancel()
            await rushTask.value
        }
        // At least one kill must have landed while buyers were still paying, or nothing was tested.
        let total = witness.paidOrders.count
        #expect(paidAtKills.contains { $0 > 0 && $0 < total }, "paid at each kill: \(paidAtKills) of \(total)")
        print("rush crash test: paid orders seen at each kill \(paidAtKills), \(total) in the end")
    }

    static func verify(port: UInt16, buyers: [AuthResponse], show: String, frozen: String, witness: RushWitness) async throws {
        var paidSeats: [String] = []
        var paidOrders = Set<String>()
        var paidSubtotal = 0
        for buyer in buyers {
            let api = APIClient(host: "127.0.0.1", port: port, token: buyer.token)
            var orders = try await api.get("/v1/me/orders", as: OrderList.self).orders
            // Anything still with the gateway must settle by itself (the worker resumed it at start).
            let deadline = ContinuousClock.now + .seconds(30)
            while orders.contains(where: { $0.status == "payment_processing" }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                orders = try await api.get("/v1/me/orders", as: OrderList.self).orders
            }
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
            let place = try await api.get("/v1/performances/\(frozen)/queue/me", as: QueueStatusDTO.self)
            if let before = witness.positions[buyer.user.id] {
                #expect(place.position == before, "buyer \(buyer.user.id) moved from \(before) to \(place.position ?? -1)")
            }
        }
        #expect(witness.paidOrders.isSubset(of: paidOrders), "an order seen paid before a kill is no longer paid")
        #expect(Set(paidSeats).count == paidSeats.count, "a seat was sold twice")
        let seats = try await APIClient(host: "127.0.0.1", port: port).seats(show)
        #expect(Set(seats.seats.filter { $0.state == .sold }.map(\.id)) == Set(paidSeats))
        #expect(!paidOrders.isEmpty)
        // Downstream, every OrderPaid reached the ledger exactly once despite the kills: the
        // relay is at least once, the settlement consumer de-duplicates.
        let admin = APIClient(host: "127.0.0.1", port: port)
        _ = try await admin.login(LoginRequest(email: "root@crash.example", password: "correct horse"))
        var sales = try await admin.get("/v1/seller/performances/\(show)/sales", as: SalesDTO.self)
        let deadline = ContinuousClock.now + .seconds(20)
        while sales.ticketsSold != paidSeats.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            sales = try await admin.get("/v1/seller/performances/\(show)/sales", as: SalesDTO.self)
        }
        #expect(sales.ticketsSold == paidSeats.count, "ledger counts \(sales.ticketsSold) tickets, \(paidSeats.count) were sold")
        #expect(sales.gross == paidSubtotal)
        let platform = try await admin.get("/v1/admin/platform", as: PlatformTotalsDTO.self)
        #expect(platform.unbalancedTransactions == 0)
    }
}
