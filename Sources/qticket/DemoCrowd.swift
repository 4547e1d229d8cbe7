import Foundation
import TicketingClient
import TicketingProtocol

/// The crowd in the demo: simulated buyers who join the arena show's line as its sale opens, so
/// a person trying the client sees the rank move and seats disappear. Runs off the UI thread and
/// ends when its task is cancelled.
enum DemoCrowd {
    static let thinkTime = 0.5...3.0
    static let passwordIterations = 1_000
    /// Bots arrive over a few seconds, as a real rush does, rather than in one burst.
    static let arrivalSpread: Duration = .milliseconds(20)

    static func start(port: UInt16, performanceId: String, bots count: Int) -> Task<Void, Never> {
        Task.detached(priority: .low) {
            guard count > 0 else { return }
            let api = APIClient(host: "127.0.0.1", port: port, timeout: 10)
            let grades = (try? await api.performance(performanceId))?.grades.map(\.grade) ?? []
            guard !grades.isEmpty else { return }
            let run = UUID().uuidString.prefix(8).lowercased()
            let bots = (0..<count).map { n in
                // Each bot prefers a different grade first, so every part of the map empties.
                let rotated = Array(grades[(n % grades.count)...] + grades[..<(n % grades.count)])
                return BuyerBot(host: "127.0.0.1", port: port, performanceId: performanceId,
                                email: "bot-\(run)-\(n)@crowd.queueticket.dev", grades: rotated,
                                seats: 1 + n % 4, thinkTime: thinkTime)
            }
            await withTaskGroup(of: Void.self) { group in
                for (n, bot) in bots.enumerated() {
                    group.addTask {
                        try? await Task.sleep(for: arrivalSpread * n)
                        if !Task.isCancelled { _ = await bot.run() }
                    }
                }
            }
        }
    }
}
