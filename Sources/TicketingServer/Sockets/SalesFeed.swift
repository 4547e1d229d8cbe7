import Foundation
import Logging
import TicketingProtocol
import TicketingStorage

/// `sales.subscribe`: a seller's live dashboard. Once a second, for each performance that some
/// socket watches, one `sales.snapshot` built from the performance actor (seats, line) and the
/// database (tickets over time, payments, coupons) goes to every watching socket. The ticker
/// runs only while someone watches.
actor SalesFeed {
    private let states: any PerformanceStates
    /// `salesPulse` is a `LedgerRecords` read: the same on either backend.
    private let storage: any DurableRecords
    private let clock: WallClock
    private let logger: Logger
    private let interval: Duration
    private var watchers: [String: Set<SocketOutlet>] = [:]
    private var ticker: Task<Void, Never>?
    /// The timeline keeps at most this many minutes, the latest.
    static let maxMinutes = 120

    init(states: any PerformanceStates, storage: any DurableRecords, clock: WallClock, logger: Logger, interval: Duration = .seconds(1)) {
        self.states = states
        self.storage = storage
        self.clock = clock
        self.logger = logger
        self.interval = interval
    }

    /// Only the performance's own seller (or an admin) may watch its sales.
    func subscribe(_ performanceId: String, principal: Principal, outlet: SocketOutlet) async {
        guard principal.role == .seller || principal.role == .admin else {
            outlet.send(SocketErrorMessage(code: .forbidden, message: "only seller accounts may watch sales"))
            return
        }
        guard let performance = try? await states.state(for: performanceId) else {
            outlet.send(SocketErrorMessage(code: .notFound, message: "performance \(performanceId) not found"))
            return
        }
        guard principal.role == .admin || performance.sellerId == principal.userId else {
            outlet.send(SocketErrorMessage(code: .forbidden, message: "only the performance's seller may watch its sales"))
            return
        }
        watchers[performanceId, default: []].insert(outlet)
        // The first snapshot at once, so the dashboard never starts empty.
        if let snapshot = await snapshot(performanceId) { outlet.send(snapshot) }
        startTicker()
    }

    func unsubscribe(_ performanceId: String, outlet: SocketOutlet) {
        watchers[performanceId]?.remove(outlet)
        if watchers[performanceId]?.isEmpty == true { watchers[performanceId] = nil }
        stopTickerIfIdle()
    }

    func disconnected(_ outlet: SocketOutlet) {
        for id in Array(watchers.keys) { unsubscribe(id, outlet: outlet) }
    }

    func stop() {
        ticker?.cancel()
        ticker = nil
        watchers = [:]
    }

    private func startTicker() {
        guard ticker == nil else { return }
        let interval = interval
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await self?.pushAll()
            }
        }
    }

    private func stopTickerIfIdle() {
        guard watchers.isEmpty else { return }
        ticker?.cancel()
        ticker = nil
    }

    private func pushAll() async {
        for (id, outlets) in watchers {
            guard let snapshot = await snapshot(id) else { continue }
            for outlet in outlets { outlet.send(snapshot) }
        }
    }

    func snapshot(_ performanceId: String) async -> SalesSnapshotPush? {
        guard let performance = try? await states.state(for: performanceId) else { return nil }
        let live = await performance.liveSales()
        let pulse: SalesPulseRecord
        do {
            pulse = try await storage.salesPulse(performanceId: performanceId)
        } catch {
            logger.warning("sales snapshot skipped: \(error)", metadata: ["performanceId": "\(performanceId)"])
            return nil
        }
        let now = clock.now()
        let (first, perMinute) = Self.timeline(pulse.sales.map { ($0.at, $0.tickets) }, opens: live.saleOpensAt, now: now)
        return SalesSnapshotPush(
            performanceId: performanceId, at: now, saleOpensAt: live.saleOpensAt,
            grades: live.grades.map {
                GradeSalesDTO(grade: $0.grade, price: $0.price, sold: $0.sold, held: $0.held, available: $0.available)
            },
            waiting: live.waiting, admittedActive: live.admittedActive, admissionRatePerSecond: live.admissionRate,
            newArrivalWaitSeconds: live.newArrivalWait, ticketsPerMinute: perMinute, firstMinute: first,
            couponsClaimed: pulse.couponsClaimed, couponsLeft: pulse.couponsLeft,
            paymentsPaid: pulse.paymentsPaid, paymentsFailed: pulse.paymentsFailed)
    }

    /// Tickets per whole minute from the sale's opening (or the first sale, if earlier) to now,
    /// the latest `maxMinutes` of them; empty before the sale opens.
    static func timeline(_ sales: [(Date, Int)], opens: Date, now: Date) -> (Date, [Int]) {
        let start = min(opens, sales.first?.0 ?? opens)
        guard now >= start else { return (start, []) }
        let minutes = Int(now.timeIntervalSince(start) / 60) + 1
        var counts = Array(repeating: 0, count: minutes)
        for (at, tickets) in sales {
            let i = Int(at.timeIntervalSince(start) / 60)
            if counts.indices.contains(i) { counts[i] += tickets }
        }
        let dropped = max(0, minutes - maxMinutes)
        return (start.addingTimeInterval(Double(dropped) * 60), Array(counts.dropFirst(dropped)))
    }
}

extension SalesFeed {
    nonisolated func register(into dispatcher: inout SocketDispatcher) {
        dispatcher.on("sales.subscribe") { [self] message, principal, outlet in
            guard let id = message.performanceId, !id.isEmpty else {
                outlet.send(SocketErrorMessage(code: .badRequest, message: "sales.subscribe needs a performanceId"))
                return
            }
            await subscribe(id, principal: principal, outlet: outlet)
        }
        dispatcher.on("sales.unsubscribe") { [self] message, _, outlet in
            await unsubscribe(message.performanceId ?? "", outlet: outlet)
        }
        dispatcher.onDisconnect { [self] outlet in await disconnected(outlet) }
    }
}
