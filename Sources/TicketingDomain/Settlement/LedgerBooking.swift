import Foundation

/// What booking one order event adds to the ledger, given what the ledger already holds for
/// that order. Both record backends (SQLite and PostgreSQL) book through this one decision and
/// only store its result, so they cannot drift apart.
public enum LedgerBooking {
    /// A transaction to store under `id`, the ledger transaction's id.
    public struct Posting: Hashable, Sendable {
        public let id: String
        public let transaction: LedgerTransaction

        public init(id: String, transaction: LedgerTransaction) {
            self.id = id
            self.transaction = transaction
        }
    }

    /// The id the sale of `orderId` is booked under: its `OrderPaid` event's, also when a
    /// refund books the sale itself.
    public static func saleId(orderId: String) -> String { "OrderPaid:\(orderId)" }

    /// The postings for the event `eventId` of `kind` about `order`, in booking order.
    /// - Parameters:
    ///   - booked: the platform fee of each transaction already in the ledger for the order, by kind.
    ///   - feeRate: the seller's fee rate now; asked only when a sale is booked.
    /// - Returns: nothing when the event's own kind is already booked (an order is paid once and
    ///   refunded once, whatever the event ids). A refund of a sale the ledger never saw (paid
    ///   before settlement was installed, so its `OrderPaid` reached no one) books the sale first,
    ///   so the refund has something to reverse; a refund always reverses exactly the fee charged.
    public static func postings(for kind: LedgerTransactionKind, eventId: String, order: SettlementOrder,
                                occurredAt: Date, booked: [LedgerTransactionKind: Int],
                                feeRate: () throws -> FeeRate) throws -> [Posting] {
        guard booked[kind] == nil else { return [] }
        switch kind {
        case .orderPaid:
            return [Posting(id: eventId, transaction: try OrderPosting.paid(order, feeRate: feeRate(), at: occurredAt))]
        case .orderRefunded:
            var postings: [Posting] = []
            let charged: Int
            if let fee = booked[.orderPaid] {
                charged = fee
            } else {
                let sale = try OrderPosting.paid(order, feeRate: feeRate(), at: occurredAt)
                postings.append(Posting(id: saleId(orderId: order.orderId), transaction: sale))
                charged = sale.figures.platformFee
            }
            postings.append(Posting(id: eventId, transaction: try OrderPosting.refunded(order, feeCharged: charged,
                                                                                        at: occurredAt)))
            return postings
        }
    }
}
