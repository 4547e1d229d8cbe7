/// An order's life: pending_payment → payment_processing → paid | failed, with an unknown
/// gateway outcome resolved by reconciliation, and paid → refund_processing → refunded.
/// `OrderMachine` says which moves exist; storage and routes ask it rather than listing states.
public enum OrderStatus: String, Codable, Sendable, CaseIterable {
    case pendingPayment = "pending_payment"
    case paymentProcessing = "payment_processing"
    /// The gateway may have charged: only a query can tell. Shown to buyers as payment_processing.
    case paymentUnknown = "payment_unknown"
    case paid
    case failed
    case cancelled
    case refundProcessing = "refund_processing"
    case refunded

    /// The status as docs/API.md shows it (the unknown outcome is still "processing" to a buyer).
    public var wireName: String { self == .paymentUnknown ? OrderStatus.paymentProcessing.rawValue : rawValue }

    public var isFinal: Bool { [.paid, .failed, .cancelled, .refunded].contains(self) }
}

/// What happens to an order: a buyer's or seller's request, the gateway's answer, or a timer.
public enum OrderEvent: String, Sendable, Equatable, CaseIterable {
    case payRequested
    case gatewayConfirmed
    case gatewayDeclined
    case gatewayOutcomeUnknown
    case expired
    case cancelledUnpaid
    case refundRequested
    case refundCompleted
    case refundFailed
}
