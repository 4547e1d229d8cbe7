import Foundation
import Testing
import TicketingDomain
@testable import TicketingRedis

@Suite("Waiting room in Redis under contention", .enabled(if: RedisTestServer.url != nil, RedisTestServer.skipMessage))
struct WaitingRoomRaceTests {
    static let t0 = Date(timeIntervalSince1970: 2_000_000_000)

    static func room(seats: Int = 100) async throws -> (RedisWaitingRoom, RedisSeatMap, RedisPool) {
        let pool = try RedisTestServer.pool()
        let keys = RedisTestServer.freshKeys()
        let map = RedisSeatMap(pool: pool, keys: keys)
        try await map.load(seats: (1...seats).map { "S-\($0)" }, maxPerOrder: 4)
        let room = RedisWaitingRoom(pool: pool, keys: keys)
        try await room.configure(ratePerSecond: 50, maxActive: 1000, creditFrom: t0)
        return (room, map, pool)
    }

    @Test func everyBuyerGetsOnePlaceAndRanksFollowJoinOrder() async throws {
        let (room, _, pool) = try await Self.room()
        // 100 buyers, each joining twice at once (two nodes, or a retry).
        let joins = try await race(200) { index in ("b\(index % 100)", try await room.join(buyer: "b\(index % 100)", now: Self.t0)) }
        var orderOf: [String: Int] = [:]
        for (buyer, join) in joins {
            if let earlier = orderOf[buyer] { #expect(earlier == join.order, "\(buyer) got two places") }
            orderOf[buyer] = join.order
        }
        #expect(orderOf.count == 100)
        #expect(Set(orderOf.values) == Set(1...100))
        #expect(joins.filter { $0.1.fresh }.count == 100)
        for (buyer, order) in orderOf {
            #expect(try await room.ahead(of: buyer) == order - 1)
        }
        await pool.shutdown()
    }

    @Test func twentyNodesAdmittingAtOnceSpendTheCreditOnce() async throws {
        let (room, _, pool) = try await Self.room()
        for index in 0..<200 { _ = try await room.join(buyer: "b\(index)", now: Self.t0) }
        // One second after opening at 50/s: 50 admissions, however many nodes tick.
        let batches = try await race(20) { _ in try await room.admit(now: Self.t0.addingTimeInterval(1), admissionTTL: .seconds(300)) }
        let admitted = batches.flatMap(\.buyers)
        #expect(admitted.count == 50)
        #expect(Set(admitted) == Set((0..<50).map { "b\($0)" }), "admission follows join order")
        #expect(try await room.ahead(of: "b50") == 0)
        // Half a second later: 25 more; a stall banks at most one second (50), never a flood.
        let next = try await room.admit(now: Self.t0.addingTimeInterval(1.5), admissionTTL: .seconds(300))
        #expect(next.buyers == (50..<75).map { "b\($0)" })
        let afterStall = try await room.admit(now: Self.t0.addingTimeInterval(100), admissionTTL: .seconds(300))
        #expect(afterStall.buyers.count == 50)
        // b0's admission (t0 + 1 s, 300 s) is live at t0 + 100 s, over at t0 + 302 s.
        let status = try #require(try await room.status(of: "b0", now: Self.t0.addingTimeInterval(100)))
        #expect(status.state == .admitted && status.ahead == 0)
        #expect(try await room.join(buyer: "b0", now: Self.t0.addingTimeInterval(100)) == .init(order: 1, ahead: nil, fresh: false))
        #expect(try await room.status(of: "b0", now: Self.t0.addingTimeInterval(302)) == nil)
        let back = try await room.join(buyer: "b0", now: Self.t0.addingTimeInterval(302))
        #expect(back.fresh && back.order == 201, "after the admission is over a join goes to the back")
        #expect(back.ahead == 200 - 125)
        await pool.shutdown()
    }

    /// Control: reading the credit and popping the line in separate round trips admits more than
    /// the credit allows when nodes tick together, and the count above would see it.
    @Test func aNonAtomicAdmissionIsCaughtByTheSameCount() async throws {
        let (room, _, pool) = try await Self.room()
        let keys = room.keys
        for index in 0..<200 { _ = try await room.join(buyer: "b\(index)", now: Self.t0) }
        let admitted = try await race(20) { _ in
            let credit = try await pool.withConnection { connection in
                let reply = try await connection.command(["HMGET", keys.admission, "credit", "refilledAt", "rate"])
                let items = reply.array ?? []
                let last = Double(items[1].string ?? "0") ?? 0
                let now = Double(RedisTime.milliseconds(Self.t0.addingTimeInterval(1)))
                return min(50, (Double(items[0].string ?? "0") ?? 0) + (now - last) * 50 / 1000)
            }
            await Task.yield()
            return try await pool.withConnection { connection in
                let popped = try await connection.command(["ZPOPMIN", keys.line, String(Int(credit))]).array ?? []
                _ = try await connection.command(["HSET", keys.admission, "credit", "0",
                                                  "refilledAt", String(RedisTime.milliseconds(Self.t0.addingTimeInterval(1)))])
                return popped.count / 2
            }
        }
        #expect(admitted.reduce(0, +) > 50, "racing get-then-set admission must overspend the credit")
        await pool.shutdown()
    }

    @Test func theLineIsToldWhenItMayMissOutAndAdmissionStopsWhenSoldOut() async throws {
        let (room, map, pool) = try await Self.room(seats: 8)
        for index in 0..<5 { _ = try await room.join(buyer: "b\(index)", now: Self.t0) }
        // 8 seats, 4 per order: the third buyer has 2 ahead who may take all 8.
        let third = try #require(try await room.status(of: "b2", now: Self.t0))
        #expect(third.state == .waiting && third.ahead == 2 && third.mayMissOut)
        let second = try #require(try await room.status(of: "b1", now: Self.t0))
        #expect(second.mayMissOut == false)
        #expect(try await room.status(of: "stranger", now: Self.t0) == nil)
        for half in 0..<2 {
            let seats = (1...4).map { "S-\($0 + 4 * half)" }
            #expect(try await map.hold(id: "h\(half)", buyer: "x\(half)", seats: seats, until: Self.t0.addingTimeInterval(60))
                    == .held(version: 2 * half + 1))
            #expect(try await map.sell(holdId: "h\(half)", orderId: "o\(half)") == 2 * half + 2)
        }
        let admission = try await room.admit(now: Self.t0.addingTimeInterval(1), admissionTTL: .seconds(60))
        #expect(admission.soldOut && admission.buyers.isEmpty)
        #expect(try await room.status(of: "b0", now: Self.t0)?.state == .soldOut)
        // The sold-out signal is one event, not one per tick.
        let again = try await room.admit(now: Self.t0.addingTimeInterval(2), admissionTTL: .seconds(60))
        #expect(again.buyers.isEmpty && again.soldOut)
        let notices = try await pool.command(["XRANGE", room.keys.notices, "-", "+"]).array ?? []
        #expect(notices.filter { $0.description.contains("soldout") }.count == 1)
        await pool.shutdown()
    }

    /// `WaitingRoom.tick`'s rule: each admission needs a free seat; a seat coming back (a
    /// released hold) resumes the line where it stopped.
    @Test func admissionWaitsForAFreeSeat() async throws {
        let (room, map, pool) = try await Self.room(seats: 3)
        for index in 0..<10 { _ = try await room.join(buyer: "b\(index)", now: Self.t0) }
        let first = try await room.admit(now: Self.t0.addingTimeInterval(1), admissionTTL: .seconds(600))
        #expect(first.buyers == ["b0", "b1", "b2"], "three seats, three admissions, whatever the credit")
        let until = Self.t0.addingTimeInterval(300)
        #expect(try await map.hold(id: "h0", buyer: "b0", seats: ["S-1", "S-2", "S-3"], until: until) == .held(version: 1))
        let none = try await room.admit(now: Self.t0.addingTimeInterval(2), admissionTTL: .seconds(600))
        #expect(none.buyers.isEmpty && !none.soldOut, "every seat held: nobody admitted, not sold out either")
        #expect(try await map.release(holdId: "h0") == 2)
        let resumed = try await room.admit(now: Self.t0.addingTimeInterval(3), admissionTTL: .seconds(600))
        #expect(resumed.buyers == ["b3", "b4", "b5"])
        await pool.shutdown()
    }

    /// A rate below one a second still admits: the bank holds at least one admission.
    @Test func aRateBelowOneStillAdmits() async throws {
        let (room, _, pool) = try await Self.room()
        try await room.configure(ratePerSecond: 0.5, maxActive: 10, creditFrom: Self.t0)
        _ = try await room.join(buyer: "slow", now: Self.t0)
        #expect(try await room.admit(now: Self.t0.addingTimeInterval(1), admissionTTL: .seconds(60)).buyers.isEmpty)
        #expect(try await room.admit(now: Self.t0.addingTimeInterval(2), admissionTTL: .seconds(60)).buyers == ["slow"])
        await pool.shutdown()
    }
}
