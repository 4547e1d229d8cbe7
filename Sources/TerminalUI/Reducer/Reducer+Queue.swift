import Foundation
import TicketingProtocol

/// Joining the waiting room, following the place in line, and admission.
extension Reducer {
    /// Seconds between `queue/me` polls while the push channel is down.
    static let queuePollInterval = 2
    /// Seconds between crowd figures (`GET …/queue`), which are not pushed.
    static let crowdInterval = 3

    /// Enter on a performance the buyer may queue for: into the waiting room, or straight back to
    /// the map when this buyer was admitted already.
    static func joinQueue(_ show: PerformanceDTO, _ state: inout AppState) -> [Effect] {
        if state.isSeller {
            state.notify("Sellers cannot buy tickets; log in as a buyer.", isError: true)
            return []
        }
        if SalePhase(show, now: state.now) == .closed {
            state.notify("This sale is closed.", isError: true)
            return []
        }
        if state.purchase?.performance.id != show.id { state.purchase = PurchaseState(performance: show) }
        state.route = .queue
        state.pending.remove(.queue)
        return request(.joinQueue(performanceId: show.id), &state)
            + request(.loadQueueStats(performanceId: show.id), &state)
    }

    static func reduceQueue(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        guard let purchase = state.purchase else { return [] }
        switch intent {
        case .back:
            // The place is kept: joining again answers with the same one.
            state.route = state.hall?.performance.id == purchase.performance.id ? .hall : .performances
            state.notify("You keep your place in line; Enter on the map rejoins it.")
        case .refresh:
            return request(.pollQueue(performanceId: purchase.performance.id), &state)
                + request(.loadQueueStats(performanceId: purchase.performance.id), &state)
        case .activate where purchase.isAdmitted:
            return openAdmittedHall(&state)
        case .leaveQueue:
            return leaveQueue(&state)
        default: break
        }
        return []
    }

    static func applyQueueStatus(_ id: String, _ status: QueueStatusDTO, _ state: inout AppState) -> [Effect] {
        guard var purchase = state.purchase, purchase.performance.id == id else { return [] }
        purchase.queue = status
        if status.state == "waiting", let position = status.position, purchase.joinedPosition == nil {
            purchase.joinedPosition = position
        }
        state.purchase = purchase
        if status.state == "admitted", let token = status.admissionToken {
            return admit(id, token: token, expiresAt: status.tokenExpiresAt ?? state.now.addingTimeInterval(600), &state)
        }
        return []
    }

    static func admit(_ id: String, token: String, expiresAt: Date, _ state: inout AppState) -> [Effect] {
        guard var purchase = state.purchase, purchase.performance.id == id else { return [] }
        let first = purchase.admissionToken == nil
        purchase.admissionToken = token
        purchase.tokenExpiresAt = expiresAt
        if var queue = purchase.queue {
            queue.state = "admitted"
            queue.position = 0
            queue.ahead = 0
            purchase.queue = queue
        }
        state.purchase = purchase
        guard first, state.route == .queue else { return [] }
        let minutes = TimeText.minutes(seconds: TimeText.secondsUntil(expiresAt, from: state.now), language: state.language)
        if let section = purchase.bestSection {
            state.notify("It is your turn — holding the best seats in {0}…", section)
        } else {
            state.notify("It is your turn — pick seats within {0}, Enter holds them.", minutes)
        }
        let effects = openAdmittedHall(&state)
        return effects + (holdPromisedSection(&state) ?? [])
    }

    /// The hall map of the purchase's performance, reusing the one on screen before.
    private static func openAdmittedHall(_ state: inout AppState) -> [Effect] {
        guard let show = state.purchase?.performance else { return [] }
        state.route = .hall
        if state.hall?.performance.id == show.id, state.hall?.venue != nil {
            return request(.loadSeats(performanceId: show.id), &state)
        }
        state.hall = HallState(performance: show)
        state.pending.remove(.hall)
        return request(.loadHall(performanceId: show.id, venueId: show.venueId), &state)
    }

    static func queueTick(_ state: inout AppState) -> [Effect] {
        guard state.route == .queue, let purchase = state.purchase, !purchase.isAdmitted,
              state.connection == .online else { return [] }
        let second = Int(state.now.timeIntervalSince1970)
        var effects: [Effect] = []
        if !purchase.pushOnline, second % queuePollInterval == 0 {
            effects += request(.pollQueue(performanceId: purchase.performance.id), &state)
        }
        if second % crowdInterval == 0 {
            effects += request(.loadQueueStats(performanceId: purchase.performance.id), &state)
        }
        return effects
    }

    /// The waiting room as its screen draws it.
    public static func queueView(_ state: AppState) -> QueueView? {
        guard let purchase = state.purchase else { return nil }
        let show = purchase.performance
        let status = purchase.queue
        let phase = status.flatMap { QueueView.Phase(rawValue: $0.state) } ?? .waiting
        return QueueView(title: show.title, venueName: show.venueName, saleOpensAt: show.saleOpensAt,
                         phase: purchase.isAdmitted ? .admitted : phase,
                         preQueue: status?.preQueue ?? (phase == .waiting && status != nil && status?.position == nil),
                         position: status?.position, ahead: status?.ahead, joinedPosition: purchase.joinedPosition,
                         etaSeconds: status?.etaSeconds, mayMissOut: status?.mayMissOut ?? false,
                         tokenExpiresAt: purchase.tokenExpiresAt, crowd: purchase.crowd,
                         reconnecting: !purchase.pushOnline, bestSection: purchase.bestSection, now: state.now)
    }

    /// The subscriptions the screen on show needs: the line while waiting, seat states on the map.
    public static func pushWatch(_ state: AppState) -> PushWatch {
        guard state.session != nil else { return .none }
        let waiting = state.route == .queue && state.purchase.map { !$0.isAdmitted } == true
        let map = state.route == .hall && state.hall != nil
        if state.route == .sales, state.isSeller, let show = state.seller.salesPerformance {
            return PushWatch(performanceId: show.id, queue: false, seats: false, sales: true)
        }
        return PushWatch(performanceId: waiting ? state.purchase?.performance.id : state.hall?.performance.id,
                         queue: waiting, seats: map)
    }
}

extension QueueView.Crowd {
    init(_ stats: QueueStatsDTO) {
        self.init(waiting: stats.waiting, admittedActive: stats.admittedActive,
                  ratePerSecond: stats.measuredRatePerSecond ?? stats.ratePerSecond, seatsLeft: stats.seatsLeft)
    }
}
