import Foundation
import TicketingDomain

/// Seat inventory operations on a real hall: explicit holds (1–4 random seats, buyers cycling so a
/// new hold replaces the buyer's previous one, as the server does), releases and best-available.
struct SeatMicro {
    struct Figures {
        var seats: Int
        var holdNs: Double
        var holdConflictShare: Double
        var releaseNs: Double
        var best: [(label: String, micros: Double)]
    }

    let hall: Hall
    let repeats: Int
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func seats(of hall: Hall) -> [SeatInfo] {
        var gradeOf: [String: GradeSpec] = [:]
        for grade in hall.grades { for id in grade.seatIds { gradeOf[id] = grade } }
        return hall.layout.seats.compactMap { seat in
            gradeOf[seat.id].map {
                SeatInfo(id: seat.id, section: seat.section, row: seat.row, number: seat.number,
                         x: seat.x, y: seat.y, grade: $0.grade, price: $0.price)
            }
        }
    }

    func makeInventory() -> SeatInventory {
        let stage = hall.layout.stage
        return SeatInventory(seats: Self.seats(of: hall),
                             stageCentre: (Double(stage.x) + Double(stage.width) / 2,
                                           Double(stage.y) + Double(stage.height) / 2))
    }

    func measure(operations: Int = 20_000, buyers: Int = 1_000) -> Figures {
        let ids = Self.seats(of: hall).map(\.id)
        var rng = SplitMix64(state: 42)
        let picks = (0..<operations).map { _ in
            Array(Set((0..<Int.random(in: 1...4, using: &rng)).map { _ in ids.randomElement(using: &rng)! }))
        }
        let holdIds = (0..<operations).map { "hld_\($0)" }
        let users = (0..<buyers).map(BenchIDs.user)
        var bestHold = Duration.seconds(3600), bestRelease = bestHold
        var conflicts = 0
        for _ in 0..<repeats {
            var inventory = makeInventory()
            conflicts = 0
            let spent = timed {
                for i in 0..<operations {
                    if case .failure = inventory.hold(userId: users[i % buyers], seatIds: picks[i], holdId: holdIds[i],
                                                      now: now, ttl: 300, maxSeats: 4) { conflicts += 1 }
                }
            }
            bestHold = min(bestHold, spent / operations)
            let active = users.compactMap { inventory.activeHold(of: $0).map { ($0.id, $0.userId) } }
            let released = timed { for (holdId, userId) in active { _ = inventory.release(holdId: holdId, by: userId) } }
            bestRelease = min(bestRelease, released / max(1, active.count))
        }
        return Figures(seats: ids.count, holdNs: bestHold.nanoseconds,
                       holdConflictShare: Double(conflicts) / Double(operations),
                       releaseNs: bestRelease.nanoseconds, best: bestAvailable(ids: ids, users: users))
    }

    /// µs per best-available pick of 2 and 4 seats in each grade, on an empty hall and with half
    /// the seats held at random.
    private func bestAvailable(ids: [String], users: [String]) -> [(label: String, micros: Double)] {
        var results: [(String, Double)] = []
        var inventory = makeInventory()
        for occupancy in [0, 50] {
            if occupancy > 0 {
                var rng = SplitMix64(state: 7)
                for (i, id) in ids.shuffled(using: &rng).prefix(ids.count * occupancy / 100).enumerated() {
                    _ = inventory.hold(userId: "filler-\(i)", seatIds: [id], holdId: "fill-\(i)", now: now,
                                       ttl: 300, maxSeats: 4)
                }
            }
            for grade in hall.grades.map(\.grade) {
                for count in [2, 4] {
                    var best = Duration.seconds(3600)
                    var found = 0
                    for _ in 0..<repeats {
                        let calls = 50
                        let spent = timed {
                            for i in 0..<calls where inventory.bestAvailable(grade: grade, count: count,
                                                                             for: users[i], allowSplit: false) != nil {
                                found += 1
                            }
                        }
                        best = min(best, spent / calls)
                    }
                    results.append(("\(grade) ×\(count), \(occupancy)% held\(found == 0 ? " (none found)" : "")",
                                    best.nanoseconds / 1_000))
                }
            }
        }
        return results
    }
}
