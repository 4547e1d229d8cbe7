import Foundation
import Testing
import TicketingDomain
import TicketingProtocol
@testable import TicketingServer

/// The same requests, in the same order, get the same answers from every backend: best
/// available (together, split, in a section, counting the buyer's own hold as free), the
/// refusals and what `remaining` says is left, and the seat map with its version at the end.
@Suite("Contract: seat answers are the same on every backend",
       .enabled(if: Backend.all.count > 1, "only one backend here (QT_TEST_REDIS_URL is not set)"))
struct SeatAnswersContractTests {
    @Test func theSameRequestsGetTheSameAnswers() async throws {
        var transcripts: [Backend: [String]] = [:]
        for backend in Backend.all {
            let under = try await backend.make()
            let (show, hall) = try await under.performance()
            transcripts[backend] = try await Self.script(show, seats: hall.grades.flatMap(\.seatIds),
                                                         sections: hall.layout.seats.map(\.section))
            await under.teardown()
        }
        let embedded = try #require(transcripts[.embedded])
        // The script reaches every kind of answer, so the comparison below compares something.
        for kind in ["held", "unavailable", "noSeatsTogether", "unknownSeats", "tooManySeats", "duplicateSeats",
                     "released", "notYourHold", "pinnedByOrder"] {
            #expect(embedded.contains { $0.contains(kind) }, "the script never answers \(kind)")
        }
        for (backend, transcript) in transcripts where backend != .embedded {
            #expect(transcript.count == embedded.count)
            for (index, (expected, got)) in zip(embedded, transcript).enumerated() where expected != got {
                Issue.record("step \(index) on \(backend): \(got), embedded: \(expected)")
            }
        }
    }

    /// Runs the requests and writes each answer down without the parts that differ by nature
    /// (hold ids are the caller's, deadlines the clock's).
    static func script(_ show: any PerformanceState, seats: [String], sections: [String]) async throws -> [String] {
        var lines: [String] = []
        var step = 0
        var taken: [String] = []
        func hold(_ user: String, _ request: CreateHoldRequest) async throws {
            step += 1
            let outcome = try await show.hold(userId: user, request: request, holdId: "hld_s\(step)")
            switch outcome {
            case .success(let dto):
                lines.append("\(user) held \(dto.seatIds) \(dto.amount)")
                taken += dto.seatIds
            case .failure(let error): lines.append("\(user) \(error)")
            }
        }
        func release(_ holdId: String, by user: String) async throws {
            switch try await show.release(holdId: holdId, userId: user) {
            case .success: lines.append("\(user) released \(holdId)")
            case .failure(let error): lines.append("\(user) release \(holdId): \(error)")
            }
        }
        for index in 0..<6 { try await hold("u\(index)", CreateHoldRequest(grade: "R", count: 4)) }
        try await hold("u0", CreateHoldRequest(grade: "R", count: 3))
        try await hold("u6", CreateHoldRequest(grade: "S", count: 2, section: sections.last))
        try await hold("u7", CreateHoldRequest(seatIds: [taken[5], seats.last!, taken[0]]))
        try await hold("u7", CreateHoldRequest(seatIds: ["NOPE-1", seats[0]]))
        try await hold("u7", CreateHoldRequest(seatIds: Array(seats.suffix(5))))
        try await hold("u7", CreateHoldRequest(seatIds: [seats.last!, seats.last!]))
        try await hold("u7", CreateHoldRequest(grade: "A", count: 9))
        try await hold("u7", CreateHoldRequest(grade: "A", count: 0))
        try await hold("u7", CreateHoldRequest())
        // Take every R seat pair by pair until nothing together is left, then split.
        for index in 8..<80 { try await hold("u\(index)", CreateHoldRequest(grade: "R", count: 4)) }
        for index in 80..<90 { try await hold("u\(index)", CreateHoldRequest(grade: "R", count: 2, allowSplit: true)) }
        step += 1
        try await release("hld_s2", by: "u2")
        try await release("hld_s2", by: "u1")
        try await release("hld_s2", by: "u1")
        lines.append("pin u3: \(try await show.pinForPayment(holdId: "hld_s4", orderId: "ord_3"))")
        try await hold("u3", CreateHoldRequest(grade: "S", count: 1))
        try await release("hld_s4", by: "u3")
        try await show.applyPaid(holdId: "hld_s4", orderId: "ord_3", userId: "u3")
        try await hold("u90", CreateHoldRequest(grade: "R", count: 4))
        try await hold("u91", CreateHoldRequest(grade: "R", count: 4, allowSplit: true))
        let basket = await show.basket(holdId: "hld_s3", userId: "u2")
        lines.append("basket u2: \(basket.map { "\($0.hold.seatIds) \($0.hold.amount) \($0.seats.map(\.id))" } ?? "none")")
        let (version, states) = await show.seatStates()
        lines.append("map v\(version): \(states.map { "\($0.id)=\($0.state)" }.joined(separator: ","))")
        return lines
    }
}
