import Foundation

/// A performance's sales to date, shaped after `GET /v1/seller/performances/{id}/sales`.
public struct SalesView: Sendable, Equatable {
    public var title: String
    public var seatCount: Int
    public var ticketsSold: Int
    public var gross: Int
    public var sellerCouponCost: Int
    public var platformCouponCost: Int
    public var refunds: Int
    public var platformFee: Int
    public var net: Int

    public init(title: String, seatCount: Int, ticketsSold: Int, gross: Int, sellerCouponCost: Int,
                platformCouponCost: Int, refunds: Int, platformFee: Int, net: Int) {
        self.title = title
        self.seatCount = seatCount
        self.ticketsSold = ticketsSold
        self.gross = gross
        self.sellerCouponCost = sellerCouponCost
        self.platformCouponCost = platformCouponCost
        self.refunds = refunds
        self.platformFee = platformFee
        self.net = net
    }
}

/// The seller's settlement periods, shaped after `GET /v1/seller/settlements`.
public struct SettlementView: Sendable, Equatable {
    public struct Period: Sendable, Equatable {
        public enum Status: String, Sendable, Equatable { case open, closed, paid }

        public var id: String
        public var periodStart: Date
        public var periodEnd: Date
        public var gross: Int
        public var sellerCouponCost: Int
        public var platformFee: Int
        public var refunds: Int
        public var payout: Int
        public var status: Status

        public init(id: String, periodStart: Date, periodEnd: Date, gross: Int, sellerCouponCost: Int,
                    platformFee: Int, refunds: Int, payout: Int, status: Status) {
            self.id = id
            self.periodStart = periodStart
            self.periodEnd = periodEnd
            self.gross = gross
            self.sellerCouponCost = sellerCouponCost
            self.platformFee = platformFee
            self.refunds = refunds
            self.payout = payout
            self.status = status
        }
    }

    public var periods: [Period]
    public var timeZone: TimeZone
    /// The period whose statement `e` exports, highlighted in the chart.
    public var selected: Int?

    public init(periods: [Period], timeZone: TimeZone, selected: Int? = nil) {
        self.periods = periods
        self.timeZone = timeZone
        self.selected = selected
    }
}
