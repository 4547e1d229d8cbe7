import Foundation

/// An event written in the same transaction as the business change it describes.
public struct OutboxEvent: Sendable, Equatable {
    public var seq: Int64
    public var eventId: String
    public var aggregateId: String
    public var type: String
    public var payload: Data
    public var createdAt: Date

    /// The row checkout writes for an order event (`OrderPaid`, `OrderRefunded`, …), with the same
    /// id and payload encoding, for tools that feed a consumer directly (the ledger benchmark).
    public static func order(_ type: String, payload: OrderEventPayload, seq: Int64) throws -> OutboxEvent {
        OutboxEvent(seq: seq, eventId: "\(type):\(payload.orderId)", aggregateId: payload.orderId, type: type,
                    payload: try BlobCoding.encode(payload), createdAt: payload.occurredAt)
    }

    public init(seq: Int64, eventId: String, aggregateId: String, type: String, payload: Data, createdAt: Date) {
        self.seq = seq
        self.eventId = eventId
        self.aggregateId = aggregateId
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
    }
}
