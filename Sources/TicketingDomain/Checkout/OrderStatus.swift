/// An order's life: pending_payment → payment_processing → paid | failed, with an unknown
/// gateway outcome resolved by reconciliation, and paid → refund_processing → refunded.
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

public enum OrderEvent: Sendable, Equatable {
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

public enum OrderMachine {
    /// The next status, or nil when the event is not allowed now (→ 409 `order_state`).
    public static func next(_ status: OrderStatus, on event: OrderEvent) -> OrderStatus? {
        switch (status, event) {
        case (.pendingPayment, .payRequested): .paymentProcessing
        case (.pendingPayment, .expired), (.pendingPayment, .cancelledUnpaid): .cancelled
        case (.paymentProcessing, .gatewayConfirmed), (.paymentUnknown, .gatewayConfirmed): .paid
        case (.paymentProcessing, .gatewayDeclined), (.paymentUnknown, .gatewayDeclined): .failed
        case (.paymentProcessing, .gatewayOutcomeUnknown), (.paymentUnknown, .gatewayOutcomeUnknown): .paymentUnknown
        case (.paid, .refundRequested): .refundProcessing
        case (.refundProcessing, .refundCompleted): .refunded
        case (.refundProcessing, .refundFailed): .paid
        default: nil
        }
    }
}
