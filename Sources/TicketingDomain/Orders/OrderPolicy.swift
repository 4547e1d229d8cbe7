import Foundation

/// Who is asking about an order, from the order's point of view.
public enum OrderParty: Sendable, Equatable, CaseIterable {
    case buyer
    /// The seller of the order's performance.
    case seller
    case admin
    /// Anyone else: the order's existence is not theirs to learn.
    case stranger

    /// Admin and seller come first: they may refund past the buyers' cutoff.
    public init(userId: String, role: Role, buyerId: String, sellerId: String) {
        if role == .admin {
            self = .admin
        } else if userId == sellerId {
            self = .seller
        } else if userId == buyerId {
            self = .buyer
        } else {
            self = .stranger
        }
    }
}

/// What a request to pay or cancel an order comes to.
public enum OrderDecision: Sendable, Equatable {
    /// Apply this event (storage moves the order if it is still in a source state).
    case move(OrderEvent)
    /// Nothing to do: answer with the order as it is; `pending` while the gateway still decides
    /// (202), else settled (200).
    case unchanged(pending: Bool)
    case refused(OrderRefusal)
}

public enum OrderRefusal: Sendable, Equatable {
    /// Hidden as 404: a stranger, or a seller asking to pay a buyer's order.
    case notFound
    /// A buyer's refund after the performance's cutoff (`cutoffHours` before the start).
    case refundWindowClosed(cutoffHours: Int)
    /// The order is in a state the request cannot leave from (→ 409 `order_state`).
    case wrongState(OrderStatus)
}

/// Pay and cancel as pure decisions over the order's status, the caller and the time, so the
/// routes only translate them to HTTP and the transitions themselves stay in `OrderMachine`.
public enum OrderPolicy {
    /// Only the buyer (or an admin) pays. A payment already under way or settled is answered as
    /// it stands, so a retried pay never charges twice.
    public static func pay(status: OrderStatus, party: OrderParty) -> OrderDecision {
        guard party == .buyer || party == .admin else { return .refused(.notFound) }
        if OrderMachine.next(status, on: .payRequested) != nil { return .move(.payRequested) }
        if status == .cancelled { return .refused(.wrongState(status)) }
        return .unchanged(pending: [.paymentProcessing, .paymentUnknown].contains(status))
    }

    /// Unpaid: cancelled at once by the buyer, the seller or an admin. Paid: refunded; a buyer
    /// only until `refundDeadline` (the performance's start minus its cutoff), the seller and
    /// admins at any time. Nil deadline (the performance is gone) applies no cutoff.
    public static func cancel(status: OrderStatus, party: OrderParty, refundDeadline: Date?,
                              refundCutoffHours: Int?, now: Date) -> OrderDecision {
        guard party != .stranger else { return .refused(.notFound) }
        if OrderMachine.next(status, on: .cancelledUnpaid) != nil { return .move(.cancelledUnpaid) }
        if OrderMachine.next(status, on: .refundRequested) != nil {
            if party == .buyer, let refundDeadline, refundDeadline <= now {
                return .refused(.refundWindowClosed(cutoffHours: refundCutoffHours ?? 0))
            }
            return .move(.refundRequested)
        }
        // Already on its way out: asking again changes nothing.
        if [.refundProcessing, .refunded, .cancelled].contains(status) {
            return .unchanged(pending: status == .refundProcessing)
        }
        return .refused(.wrongState(status))
    }
}
