import Foundation
import TicketingDomain
import TicketingProtocol

/// Work the reducer asks the app runner to do; each one answers with intents.
public enum Effect: Sendable, Equatable {
    case logIn(email: String, password: String)
    case signUp(email: String, password: String, name: String, role: String)
    case loadPerformances
    /// Venue and seats together: the map cannot be drawn from either alone.
    case loadHall(performanceId: String, venueId: String)
    case loadSeats(performanceId: String)
    case joinQueue(performanceId: String)
    case pollQueue(performanceId: String)
    case loadQueueStats(performanceId: String)
    /// The push subscriptions wanted now (one performance at most); the runner subscribes and
    /// unsubscribes to match and restores them after a reconnect.
    case watch(PushWatch)
    case hold(performanceId: String, token: String, seatIds: [String]?, grade: String?, count: Int?,
              section: String? = nil)
    case loadMyCoupons
    case quote(holdId: String, userCouponIds: [String]?)
    /// Order, sandbox checkout and pay, in that order: one step for the buyer.
    case placeOrder(holdId: String, userCouponIds: [String]?, cardNumber: String, expiry: String)
    case loadOrder(orderId: String)
    case loadOrders
    case loadTickets
    case loadCoupons(performanceId: String)
    case claimCoupon(couponId: String)
    case loadSales(performanceId: String)
    case loadSettlements
    case exportStatement(settlementId: String)
    /// Reads and parses every hall file of the assets directory.
    case loadHallFiles
    case createVenue(name: String, layout: VenueLayout)
    /// The seller's venues, each with the grades of the hall file it was made from.
    case loadVenueChoices(ownerId: String)
    case createPerformance(PerformanceDraft)
    case createCoupon(CouponDraft)
    case leaveQueue(performanceId: String)
    case releaseHold(holdId: String)
    case cancelOrder(orderId: String)
    /// Forget the bearer token.
    case logOut
    case quit

    public var request: Request? {
        switch self {
        case .logIn, .signUp: .auth
        case .loadPerformances: .performances
        case .loadHall: .hall
        case .loadSeats: .seats
        case .joinQueue, .pollQueue: .queue
        case .loadQueueStats: .queueStats
        case .watch: nil
        case .hold: .hold
        case .loadMyCoupons: .myCoupons
        case .quote: .quote
        case .placeOrder: .order
        case .loadOrder: .payment
        case .loadOrders: .orders
        case .loadTickets: .tickets
        case .loadCoupons: .coupons
        case .claimCoupon: .claim
        case .loadSales: .sales
        case .loadSettlements: .settlements
        case .exportStatement: .export
        case .loadHallFiles: .hallFiles
        case .createVenue: .createVenue
        case .loadVenueChoices: .venues
        case .createPerformance: .createPerformance
        case .createCoupon: .createCoupon
        case .leaveQueue: .leaveQueue
        case .releaseHold: .releaseHold
        case .cancelOrder: .cancelOrder
        case .logOut, .quit: nil
        }
    }
}

/// The kinds of server requests in flight, shown as "loading…" and matched with their failures.
public enum Request: String, Sendable, Hashable, CaseIterable {
    case auth, performances, hall, seats, queue, queueStats, hold, myCoupons, quote, order, payment, orders
    case coupons, claim, sales, settlements, export
    case hallFiles, createVenue, venues, createPerformance, createCoupon, leaveQueue, releaseHold, cancelOrder
    case tickets

    /// Requests that submit a form: their refusals are shown in the form, beside what was typed.
    public var isForm: Bool { self == .createVenue || self == .createPerformance || self == .createCoupon }
}


/// What the screen on show wants pushed: the waiting room's status and/or live seat states.
public struct PushWatch: Sendable, Equatable {
    public var performanceId: String?
    public var queue: Bool
    public var seats: Bool
    /// The seller's live dashboard (`sales.subscribe`).
    public var sales: Bool

    public init(performanceId: String?, queue: Bool, seats: Bool, sales: Bool = false) {
        self.performanceId = queue || seats || sales ? performanceId : nil
        self.queue = queue && performanceId != nil
        self.seats = seats && performanceId != nil
        self.sales = sales && performanceId != nil
    }

    public static let none = PushWatch(performanceId: nil, queue: false, seats: false)
}
