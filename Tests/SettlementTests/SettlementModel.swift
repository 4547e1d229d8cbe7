import Foundation
import TicketingDomain

/// docs/SETTLEMENT.md's settlement rules recomputed straight from the orders, with no ledger: what each
/// (seller, period) statement and each performance must show.
struct SettlementModel {
    struct Key: Hashable, CustomStringConvertible {
        var sellerId: String
        var start: Date
        var description: String { "\(sellerId)@\(start.timeIntervalSince1970)" }
    }

    struct Statement: Equatable {
        var end: Date
        var figures = SettlementFigures()
        var closed = false
    }

    let periodSeconds: Int
    var watermark: Date?
    var rates: [String: Int] = [:]
    var statements: [Key: Statement] = [:]
    var snapshots: [Key: SettlementFigures] = [:]
    var tickets: [String: Int] = [:]
    var sales: [String: SettlementFigures] = [:]
    private var feeCharged: [String: Int] = [:]

    init(periodSeconds: Int) { self.periodSeconds = periodSeconds }

    func floor(_ date: Date) -> Date {
        let seconds = Int(date.timeIntervalSince1970)
        return Date(timeIntervalSince1970: TimeInterval(seconds / periodSeconds * periodSeconds))
    }

    /// Half up to whole KRW, per order.
    static func fee(base: Int, basisPoints: Int) -> Int {
        Int((Double(base * basisPoints) / 10_000).rounded(.toNearestOrAwayFromZero))
    }

    mutating func deliverPaid(_ order: TestOrder, at time: Date) {
        let fee = Self.fee(base: order.subtotal - order.sellerDiscount, basisPoints: rates[order.sellerId] ?? 1_000)
        feeCharged[order.id] = fee
        book(order, at: time, tickets: order.seats,
             SettlementFigures(gross: order.subtotal, sellerCouponCost: order.sellerDiscount,
                               platformCouponCost: order.platformDiscount, platformFee: fee))
    }

    mutating func deliverRefund(_ order: TestOrder, at time: Date) {
        book(order, at: time, tickets: -order.seats,
             SettlementFigures(refunds: order.subtotal - order.sellerDiscount, platformFee: -(feeCharged[order.id] ?? 0)))
    }

    private mutating func book(_ order: TestOrder, at time: Date, tickets delta: Int, _ figures: SettlementFigures) {
        let start = if let watermark, time < watermark { floor(watermark) } else { floor(time) }
        let key = Key(sellerId: order.sellerId, start: start)
        var statement = statements[key] ?? Statement(end: start.addingTimeInterval(TimeInterval(periodSeconds)))
        precondition(!statement.closed, "the model booked into a closed statement \(key)")
        statement.figures += figures
        statements[key] = statement
        tickets[order.performanceId, default: 0] += delta
        sales[order.performanceId, default: SettlementFigures()] += figures
    }

    /// Returns the keys this close closed.
    mutating func close(until: Date, now: Date) -> Set<Key> {
        let boundary = max(watermark ?? .distantPast, floor(min(until, now)))
        watermark = boundary
        var closed: Set<Key> = []
        for (key, statement) in statements where !statement.closed && statement.end <= boundary {
            statements[key]?.closed = true
            snapshots[key] = statement.figures
            closed.insert(key)
        }
        return closed
    }
}
