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

    /// The demo's crowd: more buyers than seats over four shared connections, each request under
    /// its own bot's token. Every seat sells once, the rest are told "sold out" and leave the line.
    @Test(.timeLimit(.minutes(2)))
    func theRushCrowdSellsOutOverAFewSharedConnections() async throws {
        let show = try await ShowFixture.make(rate: 100, maxActive: 40, opensIn: 1)
        defer { Task { await show.server.stop() } }
        let link = CrowdLink(host: "127.0.0.1", port: show.server.port, connections: 4)
        var plan = RushCrowd.Plan(performanceId: show.performance.id, saleOpensAt: show.performance.saleOpensAt,
                                  bots: 120, arrival: 0.5, grades: show.hall.grades.map(\.grade),
                                  maxSeatsPerOrder: 4, tag: String(UUID().uuidString.prefix(8)).lowercased())
        plan.thinkTime = 0...0.05
        let tally = await RushCrowd.run(plan, link: link)
        await link.close()
        #expect(tally.gaveUp == 0, "\(tally.firstProblem ?? "")")
        #expect(tally.seatsBought == 200)
        #expect(tally.paidOrders + tally.soldOut == 120)
        let seats = try await show.server.client().seats(show.performance.id)
        #expect(seats.seats.allSatisfy { $0.state == .sold })
        let stats = try await show.server.client().get(show.queuePath, as: QueueStatsDTO.self)
        #expect(stats.soldOut && stats.waiting == 0, "\(stats)")
    }
}
