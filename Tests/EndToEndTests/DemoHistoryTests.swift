import Foundation
import Testing
import TicketingDomain
import TicketingServer
import TicketingStorage

/// The demo catalog's past performance: sold day by day, its periods closed at load time, as
/// `qticket demo` and `qticketd load-demo` load it (into a data directory before the server starts).
@Suite("Demo settlement history")
struct DemoHistoryTests {
    @Test func theSellerHasClosedPeriodsAndThePastShowSold() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-history-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try Storage(directory: directory)
        let now = Date()
        _ = try await DemoLoader.load(into: storage, assets: TestServer.assetsDirectory, now: now,
                                      hasher: PasswordHasher(iterations: 1_000))
        let seller = try #require(try await storage.user(email: DemoLoader.sellerEmail))
        let buyer = try #require(try await storage.user(email: DemoLoader.buyerEmail))
        let statements = try await storage.statements(sellerId: seller.id)
        let closed = statements.filter { $0.status == .closed }
        #expect(closed.count >= 6, "six days of sales span six or seven daily periods: \(statements.map(\.status))")
        #expect(closed.allSatisfy { $0.period.end <= now && $0.figures.gross > 0 })
        #expect(statements.count == closed.count, "the show ended two days ago: nothing is left open")

        let past = try #require(try await storage.performances().first { $0.spec.title == "Winter Ballet Gala" })
        #expect(past.spec.startsAt < now && past.sellerId == seller.id)
        let sales = try await storage.sales(performanceId: past.id)
        #expect(sales.ticketsSold == 14 + 36 + 22 + 10 + 48 + 30)
        #expect(sales.figures.gross == closed.reduce(0) { $0 + $1.figures.gross })
        let orders = try await storage.orders(userId: buyer.id)
        #expect(orders.count == 80 && orders.allSatisfy { $0.status == .paid })
    }
}
