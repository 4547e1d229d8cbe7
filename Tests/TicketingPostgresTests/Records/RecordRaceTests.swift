import Foundation
import Testing
import TicketingDomain
import TicketingRecords
@testable import TicketingPostgres

/// What SQLite's single writer serialises, PostgreSQL must serialise with locks: nodes writing at
/// once see the same outcomes as one writer would give them.
@Suite("Record races: one writer's outcome under concurrent writers")
struct RecordRaceTests {
    @Test(arguments: RecordsBackend.available)
    func ordersRacingForOneCouponLeaveItToExactlyOne(_ backend: RecordsBackend) async throws {
        try await withRecords(backend, maxConnections: 8) { store in
            let records = store.records
            try await Fixture.seed(records)
            // Several rounds: one round's twenty orders do not always overlap in time.
            for round in 0..<5 {
                let couponId = "cpn_r\(round)", userCouponId = "uc\(round)"
                try await records.createCoupon(try Fixture.coupon(couponId, stock: 5))
                _ = try await records.appendIssuances([CouponIssuance(id: userCouponId, couponId: couponId,
                                                                      userId: Fixture.buyerId, claimedAt: Fixture.t0)])
                let applied = [AppliedCoupon(userCouponId: userCouponId, seatId: nil, amount: 5_000, fundedBy: "seller")]
                let outcomes = try await race(20) { index -> String in
                    do {
                        try await records.createOrder(Fixture.order("o\(round)-\(index)", applied: applied))
                        return "created"
                    } catch let error as CouponUseError {
                        return error == .alreadyUsed([userCouponId]) ? "refused" : "\(error)"
                    }
                }
                #expect(outcomes.filter { $0 == "created" }.count == 1)
                #expect(outcomes.filter { $0 == "refused" }.count == 19)
                #expect(try await records.orders(userId: Fixture.buyerId).count == round + 1)
            }
        }
    }

    @Test(arguments: RecordsBackend.available)
    func batchesAppendedAtOnceNeverIssueBeyondTheStock(_ backend: RecordsBackend) async throws {
        try await withRecords(backend, maxConnections: 8) { store in
            let records = store.records
            try await Fixture.seed(records)
            let buyers = (0..<80).map { "usr_r\($0)" }
            try await records.createUsers(buyers.map { Fixture.user($0) })
            try await records.createCoupon(try Fixture.coupon("cpn_a", stock: 25))
            try await records.createCoupon(try Fixture.coupon("cpn_b", stock: 1_000))
            // Every batch claims both coupons, in opposite orders for odd and even batches.
            let rejections = try await race(8) { batch in
                let mine = buyers[(batch * 10)..<(batch * 10 + 10)]
                var entries = mine.flatMap { buyer in
                    ["cpn_a", "cpn_b"].map { CouponIssuance(id: "\($0)-\(buyer)", couponId: $0, userId: buyer, claimedAt: Fixture.t0) }
                }
                if batch.isMultiple(of: 2) { entries.reverse() }
                return try await records.appendIssuances(entries)
            }
            let refused = rejections.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
            #expect(refused.count == 55)
            #expect(refused.values.allSatisfy { $0 == .soldOut })
            #expect(try await records.coupon(id: "cpn_a")?.issuedCount == 25)
            #expect(try await records.couponStock(couponId: "cpn_a")?.claimants.count == 25)
            #expect(try await records.coupon(id: "cpn_b")?.issuedCount == 80)
        }
    }

    /// A buyer's retry that reached another node while the first request still ran: both nodes
    /// create an order for one hold at once. One order is created and both get it.
    @Test(arguments: RecordsBackend.available)
    func ordersRacingForOneHoldCreateOneAndAllGetIt(_ backend: RecordsBackend) async throws {
        try await withRecords(backend, maxConnections: 8) { store in
            let records = store.records
            try await Fixture.seed(records)
            @Sendable func order(_ id: String, hold: String, at offset: TimeInterval = 0) -> OrderRecord {
                var order = Fixture.order(id, seats: ["A-1"])
                order.holdId = hold
                order.createdAt = Fixture.t0.addingTimeInterval(offset)
                order.updatedAt = order.createdAt
                order.expiresAt = order.createdAt.addingTimeInterval(600)
                return order
            }
            for round in 0..<5 {
                let hold = "hold-r\(round)"
                let answers = try await race(20) { index in
                    try await records.createOrder(order("o\(round)-\(index)", hold: hold)).id
                }
                let stored = try await records.orders(userId: Fixture.buyerId).filter { $0.holdId == hold }
                #expect(stored.count == 1, "round \(round): \(stored.map(\.id))")
                #expect(Set(answers) == Set(stored.map(\.id)), "round \(round)")
            }
            // Only a live order stands in the way: once it is cancelled, or expired, the hold
            // can have another.
            let live = try #require(try await records.orders(userId: Fixture.buyerId).first { $0.holdId == "hold-r0" })
            #expect(try await records.cancelUnpaid(orderId: live.id, at: Fixture.t0)?.status == .cancelled)
            #expect(try await records.createOrder(order("again", hold: "hold-r0")).id == "again")
            #expect(try await records.createOrder(order("later", hold: "hold-r0", at: 600)).id == "later")
            #expect(try await records.createOrder(order("third", hold: "hold-r0", at: 601)).id == "later")
            // Still once it is being paid: an attempt priced before the buyer's retry got the order
            // and paid, reaching the records only now, must not make a second (CI saw four).
            #expect(try await records.startPayment(orderId: "later", paymentKey: "pk-later", at: Fixture.t0))
            let late = try await records.createOrder(order("stale", hold: "hold-r0", at: 602))
            #expect(late.id == "later" && late.status == .paymentProcessing)
            #expect(try await records.order(id: "stale") == nil)
        }
    }

    @Test(arguments: RecordsBackend.available)
    func nodesProposingSeedsAtOnceAllGetTheFirst(_ backend: RecordsBackend) async throws {
        try await withRecords(backend, maxConnections: 8) { store in
            let records = store.records
            let seeds = try await race(20) { try await records.queueSeed(performanceId: "prf_x", proposed: "seed\($0)") }
            #expect(Set(seeds).count == 1)
            #expect(try await records.inventorySnapshot(performanceId: "prf_x").seedHex == seeds.first)
        }
    }
}

@Suite("PostgreSQL order moves and the payment workers' leases",
       .enabled(if: PostgresTestServer.url != nil, PostgresTestServer.skipMessage))
struct PaymentMoveLeaseTests {
    @Test func aMoveEndsTheWorkersLeaseSoTheNextStepIsClaimableAtOnce() async throws {
        let store = try await RecordsBackend.postgres.make()
        let pool = try #require((store.records as? PostgresRecords)?.pool)
        let records = store.records
        try await Fixture.seed(records)
        try await records.createOrder(Fixture.order("o1"))
        #expect(try await records.startPayment(orderId: "o1", paymentKey: "pk", at: Fixture.t0))
        let queue = PostgresPaymentQueue(pool: pool)
        #expect(try await queue.claim(worker: "w1", limit: 5, now: Fixture.t0, lease: .seconds(60)).map(\.orderId) == ["o1"])
        #expect(try await queue.claim(worker: "w2", limit: 5, now: Fixture.t0, lease: .seconds(60)).isEmpty)
        try await records.markPaymentUnknown(orderId: "o1", at: Fixture.t0)
        let next = try await queue.claim(worker: "w2", limit: 5, now: Fixture.t0, lease: .seconds(60))
        #expect(next.map(\.orderId) == ["o1"] && next.first?.status == .paymentUnknown)
        await store.teardown()
    }
}
