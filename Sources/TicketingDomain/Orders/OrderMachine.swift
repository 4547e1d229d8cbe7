/// The one table of order transitions. Storage turns each event into a compare-and-set whose
/// guard is `sources(of:)`, so a move the table does not allow can never be written.
public enum OrderMachine {
    /// The next status, or nil when the event is not allowed now (→ 409 `order_state`).
    public static func next(_ status: OrderStatus, on event: OrderEvent) -> OrderStatus? {
        switch (status, event) {
        case (.pendingPayment, .payRequested): .paymentProcessing
        case (.pendingPayment, .expired), (.pendingPayment, .cancelledUnpaid): .cancelled
        case (.paymentProcessing, .gatewayConfirmed), (.paymentUnknown, .gatewayConfirmed): .paid
        case (.paymentProcessing, .gatewayDeclined), (.paymentUnknown, .gatewayDeclined): .failed
        // Already unknown stays as it is: there is nothing new to record.
        case (.paymentProcessing, .gatewayOutcomeUnknown): .paymentUnknown
        case (.paid, .refundRequested): .refundProcessing
        case (.refundProcessing, .refundCompleted): .refunded
        case (.refundProcessing, .refundFailed): .paid
        default: nil
        }
    }

    /// Every status `event` may start from, in declaration order.
    public static func sources(of event: OrderEvent) -> [OrderStatus] {
        OrderStatus.allCases.filter { next($0, on: event) != nil }
    }

    /// Where `event` leads. Each event has exactly one target (the domain tests check it), so a
    /// storage move needs only the event.
    public static func target(of event: OrderEvent) -> OrderStatus {
        for status in OrderStatus.allCases {
            if let target = next(status, on: event) { return target }
        }
        preconditionFailure("order event \(event) leads nowhere; OrderMachine.next must list it")
    }
}
