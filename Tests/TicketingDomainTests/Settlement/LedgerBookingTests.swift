import Foundation
import Testing
import TicketingDomain

/// The booking decision both record backends store: what an order event adds to a ledger that
/// already holds some of the order's transactions.
@Suite("Ledger booking of order events")
struct LedgerBookingTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)
    static let order = SettlementOrder(orderId: "ord_1", sellerId: "usr_s", performanceId: "prf_1", ticketCount: 2,
                                       subtotal: 100_000, sellerDiscount: 5_000, platformDiscount: 2_000)
    static let rate = FeeRate(basisPoints: 500)!

    /// Counts how often the seller's rate is read: only a sale being booked needs it.
    final class RateReads {
        var count = 0
        func read() -> FeeRate {
            count += 1
            return LedgerBookingTests.rate
        }
    }

    static func postings(_ kind: LedgerTransactionKind, booked: [LedgerTransactionKind: Int],
                         reads: RateReads = RateReads()) throws -> [LedgerBooking.Posting] {
        try LedgerBooking.postings(for: kind, eventId: "\(kind == .orderPaid ? "OrderPaid" : "OrderRefunded"):ord_1",
                                   order: order, occurredAt: at, booked: booked, feeRate: reads.read)
    }

    @Test func aFirstPaymentBooksTheSaleUnderItsEventAtTheSellersRate() throws {
        let reads = RateReads()
        let postings = try Self.postings(.orderPaid, booked: [:], reads: reads)
        #expect(postings == [.init(id: "OrderPaid:ord_1", transaction: try OrderPosting.paid(Self.order, feeRate: Self.rate,
                                                                                               at: Self.at))])
        #expect(postings[0].transaction.figures.platformFee == 4_750)
        #expect(reads.count == 1)
    }

    @Test func aPaymentAlreadyBookedBooksNothingAndReadsNoRate() throws {
        let reads = RateReads()
        #expect(try Self.postings(.orderPaid, booked: [.orderPaid: 4_750], reads: reads).isEmpty)
        #expect(try Self.postings(.orderPaid, booked: [.orderPaid: 4_750, .orderRefunded: -4_750], reads: reads).isEmpty)
        #expect(reads.count == 0)
    }

    /// The fee the sale was charged, not today's rate: the seller's rate may have changed since.
    @Test func aRefundReversesExactlyTheFeeTheSaleWasCharged() throws {
        let reads = RateReads()
        let postings = try Self.postings(.orderRefunded, booked: [.orderPaid: 9_500], reads: reads)
        #expect(postings == [.init(id: "OrderRefunded:ord_1",
                                   transaction: try OrderPosting.refunded(Self.order, feeCharged: 9_500, at: Self.at))])
        #expect(postings[0].transaction.figures.platformFee == -9_500)
        #expect(reads.count == 0)
    }

    @Test func aRefundOfASaleTheLedgerNeverSawBooksTheSaleFirstThenReversesItsFee() throws {
        let reads = RateReads()
        let postings = try Self.postings(.orderRefunded, booked: [:], reads: reads)
        #expect(postings.map(\.id) == ["OrderPaid:ord_1", "OrderRefunded:ord_1"])
        #expect(postings.map(\.transaction.kind) == [.orderPaid, .orderRefunded])
        #expect(postings[0].transaction == (try OrderPosting.paid(Self.order, feeRate: Self.rate, at: Self.at)))
        #expect(postings[1].transaction == (try OrderPosting.refunded(Self.order, feeCharged: 4_750, at: Self.at)))
        #expect(postings.reduce(SettlementFigures()) { $0 + $1.transaction.figures }.platformFee == 0)
        #expect(reads.count == 1)
    }

    @Test func aRefundAlreadyBookedBooksNothing() throws {
        #expect(try Self.postings(.orderRefunded, booked: [.orderPaid: 9_500, .orderRefunded: -9_500]).isEmpty)
        // Even with no sale on the books, a refund booked once is never booked again.
        #expect(try Self.postings(.orderRefunded, booked: [.orderRefunded: -9_500]).isEmpty)
    }

    @Test func theSaleIdIsTheOrderPaidEventsId() {
        #expect(LedgerBooking.saleId(orderId: "ord_9") == "OrderPaid:ord_9")
    }
}
