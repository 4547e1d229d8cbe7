import TestSupport
import Foundation
import Testing
@testable import TicketingDomain

/// Random holds, releases, expiries, pins, sales and refunds against `NaiveSeats`; after every
/// step the states, holds, counters and version must agree and no seat may sit in two holds.
@Suite struct SeatInventoryPropertyTests {
    @Test(arguments: DomainSeeds.list(10, salt: 7))
    func randomOperationsKeepEveryInvariant(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let layout = SeatFixture.seats(["RRRRRRRR", "SSSS.SSSS", "AAAAAA"])
        var seats = SeatInventory(seats: layout, stageCentre: (x: 4, y: 0))
        var model = NaiveSeats(layout)
        let ids = layout.map(\.id)
        let users = ["u0", "u1", "u2", "u3", "u4"]
        var now = epoch
        var holdIds: [String] = []
        var seen: Set<String> = []

        for step in 0..<1_500 {
            now = now.addingTimeInterval(Double(Int.random(in: 0...8, using: &rng)) * 0.5)
            let user = users.randomElement(using: &rng)!
            // Half the time a live hold: among every id ever made, live ones (pinned ones above all)
            // are too rare for the paths that need them.
            let live = model.holds.keys.sorted()
            let anyHold = rng.chance(0.5) ? live.randomElement(using: &rng) ?? "none"
                : rng.chance(0.9) ? holdIds.randomElement(using: &rng) ?? "none" : "bogus"
            let at = "seed \(seed) step \(step) t+\(now.timeIntervalSince(epoch))"
            let version = seats.version
            var batches = 0
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<40:
                var request = (0..<Int.random(in: 0...5, using: &rng)).map { _ in ids.randomElement(using: &rng)! }
                if rng.chance(0.5) { request = Array(Set(request)) }
                if rng.chance(0.05) { request.append("Z9") }
                let holdId = "h\(step)"
                let ttl = Double(Int.random(in: 2...30, using: &rng))
                let expected = model.hold(userId: user, seatIds: request, holdId: holdId, now: now, ttl: ttl, maxSeats: 4)
                let actual = seats.hold(userId: user, seatIds: request, holdId: holdId, now: now, ttl: ttl, maxSeats: 4)
                switch (actual, expected) {
                case (.success(let a), .success(let e)):
                    try #require(a.0 == e.0 && a.1 == e.1, "hold \(request) by \(user): \(at)")
                    holdIds.append(holdId)
                    batches = 1
                    seen.insert(e.1.changes.contains { $0.state == "available" } ? "replaced" : "held")
                case (.failure(let a), .failure(let e)):
                    try #require(a == e, "hold \(request) by \(user): \(at)")
                    seen.insert("\(a)".prefix { $0 != "(" }.description)
                default:
                    try #require(Bool(false), "hold \(request) by \(user): \(actual) vs \(expected): \(at)")
                }
            case 40..<50:
                let owner = rng.chance(0.7) ? model.holds[anyHold]?.userId ?? user : user
                let expected = model.release(holdId: anyHold, by: owner)
                let actual = seats.release(holdId: anyHold, by: owner)
                try #require("\(actual)" == "\(expected)", "release \(anyHold) by \(owner): \(at)")
                if case .success = actual { batches = 1 }
                seen.insert(actual.failure == nil ? "release success" : "release failure")
            case 50..<70:
                let due = model.due(now: now)
                let released = seats.expire(now: now)
                try #require(Set(released.map(\.0.id)) == due && released.count == due.count, "expire: \(at)")
                let times = released.map(\.0.expiresAt)
                try #require(times == times.sorted(), "expiry order: \(at)")
                for (hold, batch) in released {
                    let expected = model.drop(model.holds[hold.id]!)
                    try #require(batch == expected, "expiry batch of \(hold.id): \(at)")
                }
                batches = released.count
                if !released.isEmpty { seen.insert("expired") }
            case 70..<78:
                let exists = model.holds[anyHold] != nil
                model.holds[anyHold]?.orderId = "o\(step)"
                try #require(seats.pin(holdId: anyHold, orderId: "o\(step)") == exists, "pin: \(at)")
            case 78..<86:
                // Mostly by the order that pinned the hold, sometimes by another.
                let order = rng.chance(0.8) ? model.holds[anyHold]?.orderId ?? "o\(step)" : "o\(step)"
                var expected: SeatBatch?
                if let hold = model.holds[anyHold], hold.orderId == order { expected = model.drop(hold) }
                let actual = seats.releaseFailed(holdId: anyHold, orderId: order)
                try #require(actual == expected, "payment failed \(anyHold): \(at)")
                batches = actual == nil ? 0 : 1
                if actual != nil { seen.insert("released failed") }
            case 86..<93:
                let expected = model.sell(holdId: anyHold, orderId: "o\(step)")
                let actual = seats.sell(holdId: anyHold, orderId: "o\(step)")
                try #require(actual == expected, "sell \(anyHold): \(at)")
                batches = actual == nil ? 0 : 1
                if actual != nil { seen.insert("sold") }
            default:
                let request = (0..<Int.random(in: 1...4, using: &rng)).map { _ in ids.randomElement(using: &rng)! }
                let expected = model.unsell(seatIds: request)
                let actual = seats.unsell(seatIds: request)
                try #require(actual == expected, "unsell \(request): \(at)")
                batches = actual == nil ? 0 : 1
                if actual != nil { seen.insert("refunded") }
            }
            try #require(seats.version == version + batches, "one version per batch, none for failures: \(at)")
            try verify(seats, model, users: users, at: at)
        }
        let paths: Set<String> = ["held", "replaced", "expired", "sold", "refunded", "released failed", "empty",
                                  "duplicateSeats", "tooManySeats", "unknownSeats", "unavailable", "pinnedByOrder",
                                  "release success", "release failure"]
        #expect(seen.isSuperset(of: paths), "paths never taken (seed \(seed)): \(paths.subtracting(seen))")
    }

    private func verify(_ seats: SeatInventory, _ model: NaiveSeats, users: [String], at: String) throws {
        try #require(seats.version == model.version, "version: \(at)")
        for seat in seats.seats {
            try #require(seats.status(of: seat.id) == model.status[seat.id], "\(seat.id): \(at)")
        }
        try #require(seats.holds == model.holds, "holds: \(at)")
        let recount = seats.recount
        try #require(seats.availableCount == recount.available && seats.heldCount == recount.held, "counters: \(at)")
        try #require(recount.available + recount.held + recount.sold == seats.seats.count, "every seat once: \(at)")
        var holder: [String: String] = [:]
        for hold in seats.holds.values {
            for id in hold.seatIds {
                try #require(holder.updateValue(hold.id, forKey: id) == nil, "\(id) in two holds: \(at)")
                try #require(seats.status(of: id) == .held(holdId: hold.id), "\(id) held by \(hold.id): \(at)")
            }
        }
        try #require(holder.count == seats.heldCount, "every held seat belongs to a hold: \(at)")
        for user in users {
            let mine = seats.holds.values.filter { $0.userId == user }
            try #require(mine.count <= 1, "\(user) has one hold at most: \(at)")
            try #require(seats.activeHold(of: user) == mine.first, "\(user) active hold: \(at)")
        }
    }
}
