import Foundation
import TicketingClient
import TicketingProtocol
import TicketingServer
import TicketingStorage

/// Opens the demo's rush once: creates the held-back show with its sale a countdown away and
/// sends the crowd at it. Later requests answer with the same show.
actor RushDirector {
    private let rush: DemoLoader.HeldBackRush?
    private let storage: any DurableRecords
    private let bots: Int
    private let countdown: TimeInterval
    private let arrival: TimeInterval
    private let log: DemoLog
    private let link: CrowdLink
    private var opened: DemoRush?
    private var crowd: Task<Void, Never>?

    init(rush: DemoLoader.HeldBackRush?, storage: any DurableRecords, port: UInt16, bots: Int, countdown: TimeInterval,
         arrival: TimeInterval, log: DemoLog) {
        self.rush = rush
        self.storage = storage
        self.bots = bots
        self.countdown = countdown
        self.arrival = arrival
        self.log = log
        // 16 connections carry the whole crowd; see CrowdLink.
        link = CrowdLink(host: "127.0.0.1", port: port, connections: 16)
    }

    func open() async -> DemoRush {
        if let opened { return opened }
        guard let rush else { return DemoRush() }
        do {
            let show = try await DemoLoader.openRush(rush, in: storage, countdown: countdown, now: Date())
            let result = DemoRush(performanceId: show.id, title: show.title, saleOpensAt: show.saleOpensAt, bots: bots)
            opened = result
            log.event("rush opened: \(show.title) (\(show.id)), sale opens \(RFC3339.format(show.saleOpensAt)), \(bots) bots")
            let plan = RushCrowd.Plan(performanceId: show.id, saleOpensAt: show.saleOpensAt, bots: bots, arrival: arrival,
                                      grades: rush.hall.grades.map(\.grade), maxSeatsPerOrder: rush.entry.maxSeatsPerOrder,
                                      tag: String(UUID().uuidString.prefix(8)).lowercased())
            let link = self.link
            let log = self.log
            crowd = Task.detached(priority: .low) {
                let started = ContinuousClock.now
                let tally = await RushCrowd.run(plan, link: link)
                log.event("rush crowd finished after \(ContinuousClock.now - started): \(tally.paidOrders) orders paid, "
                    + "\(tally.seatsBought) seats, \(tally.soldOut) found it sold out, \(tally.paymentFailed) payments failed, "
                    + "\(tally.gaveUp) gave up\(tally.firstProblem.map { " (first: \($0))" } ?? "")")
            }
            return result
        } catch {
            log.event("rush could not open: \(error)")
            return DemoRush()
        }
    }

    func stop() async {
        crowd?.cancel()
        await crowd?.value
        await link.close()
    }
}
