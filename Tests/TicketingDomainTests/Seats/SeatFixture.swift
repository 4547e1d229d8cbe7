import Foundation
import TicketingDomain

/// Small drawn layouts for seat tests: one string per row, a letter is a seat of that grade and
/// `.` an aisle. Row `A` is nearest the stage, which sits centred above row A.
enum SeatFixture {
    static let prices = ["R": 100, "S": 70, "A": 50]

    static func seats(_ rows: [String], section: String = "C") -> [SeatInfo] {
        var seats: [SeatInfo] = []
        for (r, pattern) in rows.enumerated() {
            let row = String(UnicodeScalar(UInt8(65 + r)))
            var number = 0
            for (x, mark) in pattern.enumerated() where mark != "." {
                number += 1
                let grade = String(mark)
                seats.append(SeatInfo(id: "\(row)\(number)", section: section, row: row, number: number,
                                      x: x, y: r + 2, grade: grade, price: prices[grade] ?? 10))
            }
        }
        return seats
    }

    static func inventory(_ rows: [String]) -> SeatInventory {
        let width = rows.map(\.count).max() ?? 0
        return SeatInventory(seats: seats(rows), stageCentre: (x: Double(width - 1) / 2, y: 0))
    }

    /// Ten seats of grade R in row A (A1…A10) and ten of grade S in row B (B1…B10).
    static func twoRows() -> SeatInventory { inventory(["RRRRRRRRRR", "SSSSSSSSSS"]) }
}

extension SeatInventory {
    /// A hold that must succeed (the test throws otherwise).
    @discardableResult
    mutating func take(_ seatIds: [String], by userId: String, as holdId: String, at now: Date = epoch,
                       ttl: TimeInterval = 60, maxSeats: Int = 8) throws -> Hold {
        try hold(userId: userId, seatIds: seatIds, holdId: holdId, now: now, ttl: ttl, maxSeats: maxSeats).get().0
    }

    /// Why a hold is refused, or nil when it succeeded.
    mutating func refusal(_ seatIds: [String], by userId: String, as holdId: String, at now: Date = epoch,
                          maxSeats: Int = 8) -> HoldError? {
        hold(userId: userId, seatIds: seatIds, holdId: holdId, now: now, ttl: 60, maxSeats: maxSeats).failure
    }

    func states(_ seatIds: [String]) -> [String] { seatIds.map { status(of: $0)?.name ?? "?" } }

    /// Recounts every seat, for comparing with the running counters.
    var recount: (available: Int, held: Int, sold: Int) {
        let names = snapshot().map(\.state)
        return (names.count { $0 == "available" }, names.count { $0 == "held" }, names.count { $0 == "sold" })
    }
}

extension Result {
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
