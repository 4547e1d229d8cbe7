import Foundation
import TicketingDomain

/// An outbox event as settlement books it: which ledger transaction it is, about which order.
/// Both record backends read events through this and book what `LedgerBooking` decides.
public struct SettlementEvent: Sendable, Equatable {
    public var eventId: String
    public var kind: LedgerTransactionKind
    public var order: SettlementOrder
    public var occurredAt: Date

    /// nil for an event settlement does not book (anything but `OrderPaid` and `OrderRefunded`).
    public init?(_ event: OutboxEvent) throws {
        switch event.type {
        case "OrderPaid": kind = .orderPaid
        case "OrderRefunded": kind = .orderRefunded
        default: return nil
        }
        let payload = try BlobCoding.decode(OrderEventPayload.self, from: event.payload)
        eventId = event.eventId
        order = try payload.settlementOrder()
        occurredAt = payload.occurredAt
    }

    /// What to book, given the fee of each transaction already booked for the order (by kind);
    /// `feeRate` is read only when a sale is booked.
    public func postings(booked: [LedgerTransactionKind: Int],
                         feeRate: () throws -> FeeRate) throws -> [LedgerBooking.Posting] {
        try LedgerBooking.postings(for: kind, eventId: eventId, order: order, occurredAt: occurredAt,
                                   booked: booked, feeRate: feeRate)
    }
}

extension LedgerTransactionKind {
    /// The kind a ledger row stores; a text no kind has means the row is corrupt.
    public init(stored text: String) throws {
        guard let kind = Self(rawValue: text) else { throw StorageError.corrupt("ledger transaction kind \(text)") }
        self = kind
    }
}
