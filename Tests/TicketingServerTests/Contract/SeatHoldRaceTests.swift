import Foundation
import TestSupport
import Testing
import TicketingDomain
import TicketingProtocol
import TicketingServer

/// True when no seat appears in two successful holds.
func holdsAreDisjoint(_ holds: [[String]]) -> Bool {
    var seen = Set<String>()
    for seat in holds.joined() where !seen.insert(seat).inserted { return false }
    return true
}

@Suite("Race: seat holds under contention, per backend")
struct SeatHoldRaceTests {
    /// 200 admitted buyers grab random sets of 1–4 seats out of the same 40 at once: every hold
    /// is all or nothing, no seat is in two holds, and the seat map shows exactly the winners.
    @Test(arguments: Backend.all)
    func racingBuyersNeverShareASeat(backend: Backend) async throws {
        let under = try await backend.make()
        defer { Task { await under.teardown() } }
        let (show, hall) = try await under.performance()
        let buyers = (0..<200).map { "usr_racer\($0)" }
        for buyer in buyers { _ = try await show.join(userId: buyer) }
        try await waitUntilAdmitted(buyers, in: show)
        let pool = Array(hall.grades.flatMap(\.seatIds).prefix(40))
        let wins = try await withThrowingTaskGroup(of: [String]?.self) { group in
            for (index, buyer) in buyers.enumerated() {
                var generator = SplitMix64(seed: UInt64(index + 1))
                let wanted = Array(pool.shuffled(using: &generator).prefix(Int.random(in: 1...4, using: &generator)))
                group.addTask {
                    let outcome = try await show.holdIfAdmitted(userId: buyer, request: CreateHoldRequest(seatIds: wanted),
                                                                holdId: "hld_\(index)")
                    switch outcome {
                    case .success(let hold)?:
                        #expect(Set(hold.seatIds) == Set(wanted), "a hold is all the seats asked for")
                        return hold.seatIds
                    case .failure(.unavailable)?: return nil
                    case let other: throw RaceFailure("\(buyer): \(String(describing: other))")
                    }
                }
            }
            return try await group.reduce(into: [[String]]()) { if let won = $1 { $0.append(won) } }
        }
        #expect(!wins.isEmpty)
        #expect(holdsAreDisjoint(wins))
        let held = Set(await show.seatStates().seats.filter { $0.state == "held" }.map(\.id))
        #expect(held == Set(wins.joined()))
        #expect(held.count == wins.reduce(0) { $0 + $1.count })
    }

    /// The control: the checker does catch a seat in two holds.
    @Test func theCheckerCatchesASeatInTwoHolds() {
        #expect(!holdsAreDisjoint([["A-1"], ["A-2", "A-1"]]))
        #expect(holdsAreDisjoint([["A-1"], ["A-2", "A-3"]]))
    }

    private func waitUntilAdmitted(_ buyers: [String], in line: any WaitingLine) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        for buyer in buyers {
            while await line.status(userId: buyer)?.state != "admitted" {
                guard ContinuousClock.now < deadline else { throw RaceFailure("\(buyer) was never admitted") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

struct RaceFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
