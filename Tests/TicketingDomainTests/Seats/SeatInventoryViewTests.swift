import Foundation
import TestSupport
import Testing
import TicketingDomain

/// A distributed node's copy of a map knows states, not holders (`mark`), and is told which
/// seats are the buyer's own and which its other picks are taking: it must pick exactly as the
/// inventory that knows every hold.
@Suite struct SeatInventoryViewTests {
    /// The same states with the holders wiped from them (the geometry is the original's; the
    /// view's API never reads its hold records).
    static func view(of inventory: SeatInventory) -> SeatInventory {
        var view = inventory
        for seat in inventory.seats {
            switch inventory.status(of: seat.id) {
            case .held?: view.mark([seat.id], as: .held(holdId: ""))
            case .sold?: view.mark([seat.id], as: .sold(orderId: ""))
            default: break
            }
        }
        return view
    }

    @Test(arguments: DomainSeeds.list(4, salt: 19))
    func aViewPicksAsTheInventoryThatKnowsTheHolds(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var compared = 0
        for trial in 0..<100 {
            let c = BestAvailablePropertyTests.randomCase(&rng)
            let view = Self.view(of: c.inventory)
            let own = c.inventory.activeHold(of: "me")?.seatIds ?? []
            // Seats other picks are taking count as held by someone else.
            let taking = Set(c.inventory.seats.map(\.id).filter { _ in Double.random(in: 0..<1, using: &rng) < 0.1 })
                .subtracting(own)
            var reference = c.inventory
            let free = taking.filter { reference.status(of: $0) == .available }
            if !free.isEmpty { _ = try reference.take(Array(free).sorted(), by: "other-pick", as: "h-taking", maxSeats: 1_000) }
            for grade in ["R", "S"] {
                for count in 1...4 {
                    for split in [false, true] {
                        let at = "seed \(seed) trial \(trial) \(grade)×\(count) split \(split) \(c.layout)"
                        let expected = reference.bestAvailable(grade: grade, count: count, for: "me", allowSplit: split)
                        let picked = view.bestAvailable(grade: grade, count: count, allowSplit: split, own: own,
                                                        reserved: taking)
                        try #require(picked == expected, "\(at)")
                        compared += 1
                    }
                }
            }
            #expect(view.remaining(own: own, reserved: []) == c.inventory.remaining(for: "me"))
        }
        #expect(compared == 1_600)
    }

    @Test func markChangesStatesAndLevelsWithoutAVersion() {
        var inventory = SeatFixture.twoRows()
        inventory.mark(["A1", "A2"], as: .held(holdId: ""))
        inventory.mark(["B1", "nowhere"], as: .sold(orderId: ""))
        #expect(inventory.status(of: "A1") == .held(holdId: ""))
        #expect(inventory.status(of: "B1") == .sold(orderId: ""))
        #expect(inventory.level == InventoryLevel(available: 17, held: 2))
        #expect(inventory.version == 0)
        inventory.mark(["A1"], as: .available)
        #expect(inventory.level == InventoryLevel(available: 18, held: 1))
    }
}
