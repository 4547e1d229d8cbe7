import Foundation
import Testing
import TicketingDomain

/// Who may pay or cancel which order, and the buyers' refund cutoff, as a table over every
/// status × party (× before/after the deadline for cancels).
@Suite("Order policy: pay and cancel decisions")
struct OrderPolicyTests {
    static let deadline = Date(timeIntervalSince1970: 1_800_000_000)
    static let before = deadline.addingTimeInterval(-1)
    static let after = deadline

    static let cases: [(OrderStatus, OrderParty)] = OrderStatus.allCases.flatMap { status in
        OrderParty.allCases.map { (status, $0) }
    }

    @Test(arguments: cases)
    func pay(status: OrderStatus, party: OrderParty) {
        let expected: OrderDecision = switch (status, party) {
        case (_, .seller), (_, .stranger): .refused(.notFound)
        case (.pendingPayment, _): .move(.payRequested)
        case (.paymentProcessing, _), (.paymentUnknown, _): .unchanged(pending: true)
        case (.cancelled, _): .refused(.wrongState(.cancelled))
        case (.paid, _), (.failed, _), (.refundProcessing, _), (.refunded, _): .unchanged(pending: false)
        }
        #expect(OrderPolicy.pay(status: status, party: party) == expected)
    }

    @Test(arguments: cases)
    func cancel(status: OrderStatus, party: OrderParty) {
        for (now, late) in [(Self.before, false), (Self.after, true)] {
            let expected: OrderDecision = switch (status, party) {
            case (_, .stranger): .refused(.notFound)
            case (.pendingPayment, _): .move(.cancelledUnpaid)
            case (.paid, .buyer): late ? .refused(.refundWindowClosed(cutoffHours: 24)) : .move(.refundRequested)
            case (.paid, _): .move(.refundRequested)
            case (.refundProcessing, _): .unchanged(pending: true)
            case (.refunded, _), (.cancelled, _): .unchanged(pending: false)
            case (.paymentProcessing, _), (.paymentUnknown, _), (.failed, _): .refused(.wrongState(status))
            }
            let decided = OrderPolicy.cancel(status: status, party: party, refundDeadline: Self.deadline,
                                             refundCutoffHours: 24, now: now)
            #expect(decided == expected, "at \(late ? "the deadline" : "a second before")")
        }
    }

    @Test func withoutAPerformanceNoCutoffApplies() {
        let decided = OrderPolicy.cancel(status: .paid, party: .buyer, refundDeadline: nil, refundCutoffHours: nil,
                                         now: .distantFuture)
        #expect(decided == .move(.refundRequested))
    }

    @Test func partyPrefersAdminThenSellerThenBuyer() {
        #expect(OrderParty(userId: "u", role: .admin, buyerId: "u", sellerId: "s") == .admin)
        #expect(OrderParty(userId: "s", role: .seller, buyerId: "u", sellerId: "s") == .seller)
        #expect(OrderParty(userId: "u", role: .buyer, buyerId: "u", sellerId: "s") == .buyer)
        #expect(OrderParty(userId: "x", role: .seller, buyerId: "u", sellerId: "s") == .stranger)
    }

    @Test func theRefundDeadlineIsTheStartMinusTheCutoff() {
        var spec = PerformanceSpec(venueId: "v", title: "t", startsAt: Self.deadline.addingTimeInterval(24 * 3_600),
                                   saleOpensAt: .distantPast, grades: [])
        spec.refundCutoffHours = 24
        #expect(spec.refundDeadline == Self.deadline)
        spec.refundCutoffHours = nil
        #expect(spec.refundDeadline == spec.startsAt)
    }
}
