import Testing
import TicketingDomain

/// The transition table written out once more by hand, from docs/ARCHITECTURE.md's order lifecycle and
/// docs/API.md's order states: every (state, event) pair not listed here must be refused.
private let documented: [OrderStatus: [OrderEvent: OrderStatus]] = [
    .pendingPayment: [.payRequested: .paymentProcessing, .expired: .cancelled, .cancelledUnpaid: .cancelled],
    .paymentProcessing: [.gatewayConfirmed: .paid, .gatewayDeclined: .failed, .gatewayOutcomeUnknown: .paymentUnknown],
    .paymentUnknown: [.gatewayConfirmed: .paid, .gatewayDeclined: .failed],
    .paid: [.refundRequested: .refundProcessing],
    .refundProcessing: [.refundCompleted: .refunded, .refundFailed: .paid],
    .failed: [:],
    .cancelled: [:],
    .refunded: [:],
]

private let everyPair: [(OrderStatus, OrderEvent)] = OrderStatus.allCases.flatMap { status in
    OrderEvent.allCases.map { (status, $0) }
}

@Suite("Order lifecycle: one transition table")
struct OrderMachineTests {
    @Test(arguments: everyPair)
    func everyStateAndEventFollowsTheDocumentedTable(status: OrderStatus, event: OrderEvent) {
        #expect(OrderMachine.next(status, on: event) == documented[status]?[event])
    }

    @Test(arguments: OrderEvent.allCases)
    func eachEventHasOneTargetAndItsSourcesAreExactlyTheAllowedStates(event: OrderEvent) {
        let allowed = OrderStatus.allCases.filter { documented[$0]?[event] != nil }
        #expect(OrderMachine.sources(of: event) == allowed)
        #expect(!allowed.isEmpty, "\(event) is never allowed")
        let targets = Set(allowed.compactMap { documented[$0]?[event] })
        #expect(targets == [OrderMachine.target(of: event)])
    }

    @Test func finalStatesOtherThanPaidAreDeadEnds() {
        for status in OrderStatus.allCases where status.isFinal && status != .paid {
            #expect(OrderEvent.allCases.allSatisfy { OrderMachine.next(status, on: $0) == nil }, "\(status)")
        }
        #expect(OrderStatus.paymentUnknown.wireName == "payment_processing")
    }
}
