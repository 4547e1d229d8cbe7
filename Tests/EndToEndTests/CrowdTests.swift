import Foundation
import Testing
import TicketingClient
import TicketingProtocol

@Suite("Bot crowd (the demo's rush) buys real tickets")
struct CrowdTests {
    @Test func aCrowdBuysUntilSoldOutAndNothingIsSoldTwice() async throws {
        let show = try await ShowFixture.make(rate: 200, maxActive: 50)
        defer { Task { await show.server.stop() } }
        let grades = show.hall.grades.map(\.grade)
        let bots = (0..<120).map { i in
            BuyerBot(host: "127.0.0.1", port: show.server.port, performanceId: show.performance.id,
                     email: "bot\(i)-\(UUID().uuidString.prefix(6))@crowd.example", grades: grades, seats: 2)
        }
        let outcomes = await Crowd.run(bots, concurrency: 40)
        let paid = outcomes.compactMap { if case .paid(_, let seats) = $0 { seats } else { nil } }
        let gaveUp = outcomes.filter { if case .gaveUp = $0 { true } else { false } }
        #expect(gaveUp.isEmpty, "\(gaveUp)")
        // 200 seats, 2 per bot: the first 100 get tickets, the rest find it sold out.
        #expect(paid.reduce(0, +) == 200)
        let seats = try await show.server.client().seats(show.performance.id)
        #expect(seats.seats.allSatisfy { $0.state == .sold })
        let stats = try await show.server.client().get(show.queuePath, as: QueueStatsDTO.self)
        #expect(stats.soldOut)
    }
}
