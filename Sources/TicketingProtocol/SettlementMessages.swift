import Foundation

/// `GET /v1/seller/performances/{id}/sales`: to date, open and closed periods together.
/// `net` is the payout formula over these figures.
public struct SalesDTO: Codable, Sendable, Equatable {
    public var performanceId: String
    public var ticketsSold: Int
    public var gross: Int
    public var sellerCouponCost: Int
    public var platformCouponCost: Int
    public var refunds: Int
    public var platformFee: Int
    public var net: Int

    public init(performanceId: String, ticketsSold: Int, gross: Int, sellerCouponCost: Int, platformCouponCost: Int,
                refunds: Int, platformFee: Int, net: Int) {
        self.performanceId = performanceId
        self.ticketsSold = ticketsSold
        self.gross = gross
        self.sellerCouponCost = sellerCouponCost
        self.platformCouponCost = platformCouponCost
        self.refunds = refunds
        self.platformFee = platformFee
        self.net = net
    }
}

/// One seller's statement for one period, without its lines.
public struct SettlementSummaryDTO: Codable, Sendable, Equatable {
    public var id: String
    public var sellerId: String
    public var periodStart: Date
    public var periodEnd: Date
    public var gross: Int
    public var sellerCouponCost: Int
    public var platformCouponCost: Int
    public var platformFee: Int
    public var refunds: Int
    public var payout: Int
    /// `open`, `closed` or `paid`.
    public var status: String
    public var closedAt: Date?
    public var paidAt: Date?

    public init(id: String, sellerId: String, periodStart: Date, periodEnd: Date, gross: Int, sellerCouponCost: Int,
                platformCouponCost: Int, platformFee: Int, refunds: Int, payout: Int, status: String,
                closedAt: Date?, paidAt: Date?) {
        self.id = id
        self.sellerId = sellerId
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.gross = gross
        self.sellerCouponCost = sellerCouponCost
        self.platformCouponCost = platformCouponCost
        self.platformFee = platformFee
        self.refunds = refunds
        self.payout = payout
        self.status = status
        self.closedAt = closedAt
        self.paidAt = paidAt
    }
}

public struct SettlementList: Codable, Sendable, Equatable {
    public var settlements: [SettlementSummaryDTO]
    public init(settlements: [SettlementSummaryDTO]) { self.settlements = settlements }
}

/// One ledger entry of a statement; also one row of its CSV export.
public struct LedgerLineDTO: Codable, Sendable, Equatable {
    public var entryId: String
    public var transactionId: String
    public var occurredAt: Date
    public var orderId: String
    public var performanceId: String
    public var account: String
    public var debit: Int
    public var credit: Int
    public var description: String

    public init(entryId: String, transactionId: String, occurredAt: Date, orderId: String, performanceId: String,
                account: String, debit: Int, credit: Int, description: String) {
        self.entryId = entryId
        self.transactionId = transactionId
        self.occurredAt = occurredAt
        self.orderId = orderId
        self.performanceId = performanceId
        self.account = account
        self.debit = debit
        self.credit = credit
        self.description = description
    }
}

/// `GET /v1/seller/settlements/{id}`: the summary fields flat, plus `lines`.
public struct SettlementStatementDTO: Codable, Sendable, Equatable {
    public var summary: SettlementSummaryDTO
    public var lines: [LedgerLineDTO]

    public init(summary: SettlementSummaryDTO, lines: [LedgerLineDTO]) {
        self.summary = summary
        self.lines = lines
    }

    private enum CodingKeys: String, CodingKey { case lines }

    public init(from decoder: any Decoder) throws {
        summary = try SettlementSummaryDTO(from: decoder)
        lines = try decoder.container(keyedBy: CodingKeys.self).decode([LedgerLineDTO].self, forKey: .lines)
    }

    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lines, forKey: .lines)
    }
}

/// `POST /v1/admin/settlements/close`: close every period that ended by `until`.
public struct CloseSettlementsRequest: Codable, Sendable {
    public var until: Date
    public init(until: Date) { self.until = until }
}

public struct CloseSettlementsResponse: Codable, Sendable, Equatable {
    /// The statements this call closed (empty when there was nothing left to close).
    public var closed: [SettlementSummaryDTO]
    /// Everything before this instant is now closed; later events land after it.
    public var closedUntil: Date

    public init(closed: [SettlementSummaryDTO], closedUntil: Date) {
        self.closed = closed
        self.closedUntil = closedUntil
    }
}

/// `GET /v1/admin/platform`: the platform's side of the books over all time.
/// `buyerPayments + platformCouponCost - platformCouponRecovered == platformFee + sellerPayouts`.
public struct PlatformTotalsDTO: Codable, Sendable, Equatable {
    /// Collected from buyers through the gateway, net of refunds.
    public var buyerPayments: Int
    /// Fees earned, net of fees reversed by refunds.
    public var platformFee: Int
    /// Platform-funded discounts on every order ever paid.
    public var platformCouponCost: Int
    /// Platform-funded discounts returned by refunds.
    public var platformCouponRecovered: Int
    /// What the platform owes (or has paid) sellers: the sum of every statement's payout.
    public var sellerPayouts: Int
    /// `platformFee - platformCouponCost + platformCouponRecovered`.
    public var netIncome: Int
    /// Ledger transactions whose entries do not sum to zero; 0 in sound books.
    public var unbalancedTransactions: Int

    public init(buyerPayments: Int, platformFee: Int, platformCouponCost: Int, platformCouponRecovered: Int,
                sellerPayouts: Int, netIncome: Int, unbalancedTransactions: Int) {
        self.buyerPayments = buyerPayments
        self.platformFee = platformFee
        self.platformCouponCost = platformCouponCost
        self.platformCouponRecovered = platformCouponRecovered
        self.sellerPayouts = sellerPayouts
        self.netIncome = netIncome
        self.unbalancedTransactions = unbalancedTransactions
    }
}

/// `PUT /v1/admin/sellers/{id}/fee-rate`: the seller's platform fee for orders paid from now on.
public struct FeeRateRequest: Codable, Sendable {
    public var basisPoints: Int
    public init(basisPoints: Int) { self.basisPoints = basisPoints }
}

public struct FeeRateDTO: Codable, Sendable, Equatable {
    public var sellerId: String
    public var basisPoints: Int
    public init(sellerId: String, basisPoints: Int) {
        self.sellerId = sellerId
        self.basisPoints = basisPoints
    }
}
