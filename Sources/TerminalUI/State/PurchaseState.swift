import Foundation
import TicketingDomain
import TicketingProtocol

/// One buyer's way through a sale: the place in line, the admission, the hold, the quote and the
/// order. Lives from joining the waiting room until the buyer leaves the purchase.
public struct PurchaseState: Sendable, Equatable {
    public var performance: PerformanceDTO
    /// The last word from the waiting room, by HTTP or by push.
    public var queue: QueueStatusDTO?
    /// The first ranked position, so progress is measured from where the buyer started.
    public var joinedPosition: Int?
    public var crowd: QueueView.Crowd?
    /// Whether the push channel is connected; while it is not, the waiting room polls.
    public var pushOnline = true
    public var lastPolledAt: Date?
    public var admissionToken: String?
    public var tokenExpiresAt: Date?
    public var hold: HoldDTO?
    public var quote: QuoteDTO?
    /// The buyer's coupons that could apply, from `GET /v1/me/coupons`.
    public var coupons: [UserCouponDTO] = []
    /// nil lets the server pick the best combination; otherwise exactly these are asked for.
    public var chosenCoupons: [String]?
    public var couponCursor = 0
    public var card = CardForm()
    public var order: OrderDTO?
    public var paymentStartedAt: Date?
    /// `b` on the overview before admission: the section whose best seats admission holds.
    public var bestSection: String?

    public init(performance: PerformanceDTO) {
        self.performance = performance
    }

    public var isAdmitted: Bool { admissionToken != nil }

    /// The coupons in effect: the buyer's own choice, else what the quote applied.
    public var effectiveCoupons: [String] {
        chosenCoupons ?? (quote?.applied.map(\.userCouponId) ?? []).reduce(into: []) { ids, id in
            if !ids.contains(id) { ids.append(id) }
        }
    }

    public var usableCoupons: [UserCouponDTO] { coupons.filter { $0.status != .used } }
}

/// The card fields of the sandbox checkout, filled with the approving test card.
public struct CardForm: Sendable, Equatable {
    public enum Field: Sendable, Equatable { case number, expiry }

    public var number = "4242 4242 4242 4242"
    public var expiry = "12/30"
    public var focus = Field.number
    /// The form is on screen and takes the keys.
    public var editing = false

    public init() {}

    mutating func type(_ character: Character) {
        switch focus {
        case .number where character.isNumber || character == " " || character == "-":
            if number.count < 23 { number.append(character) }
        case .expiry where character.isNumber || character == "/":
            if expiry.count < 5 { expiry.append(character) }
        default: break
        }
    }

    mutating func deleteBackward() {
        switch focus {
        case .number: _ = number.popLast()
        case .expiry: _ = expiry.popLast()
        }
    }

    /// Why the card cannot be sent yet; the gateway checks the rest.
    public var problem: String? {
        if number.filter(\.isNumber).count != 16 { return "A card number has 16 digits." }
        if expiry.count != 5 || !expiry.contains("/") { return "Expiry is MM/YY." }
        return nil
    }
}

/// The buyer's orders, newest first, from `GET /v1/me/orders`.
public struct OrdersState: Sendable, Equatable {
    public var orders: [OrderDTO] = []
    public var selected = 0
    public var loaded = false
    /// The order the buyer asked to cancel, waiting for y / n.
    public var confirmingCancel: String?

    public init() {}

    public var current: OrderDTO? { orders.indices.contains(selected) ? orders[selected] : nil }
}

/// A seller's screens: one performance's sales, or the settlement periods with one selected.
public struct SellerState: Sendable, Equatable {
    public var sales: SalesDTO?
    public var salesPerformance: PerformanceDTO?
    /// Door progress of `salesPerformance` (docs/TICKETS.md).
    public var checkins: CheckinSummaryDTO?
    /// The latest live snapshot of `salesPerformance`, pushed once a second while the screen is open.
    public var live: SalesSnapshotPush?
    public var settlements: [SettlementSummaryDTO] = []
    public var selected = 0
    public var exportedPath: String?

    public init() {}
}

/// The coupons a performance offers, from `GET /v1/coupons?performanceId=`.
public struct CouponListState: Sendable, Equatable {
    public var performance: PerformanceDTO
    public var coupons: [CouponDTO] = []
    public var selected = 0
    public var loaded = false
    public var refreshedAt: Date?
    /// The seller's new-coupon form, open over the list.
    public var form: CouponFormState?

    public init(performance: PerformanceDTO) {
        self.performance = performance
    }
}
