import Foundation
import TicketingDomain

/// One durable fact about a performance's queue or seats, written in order and in batches by the
/// performance actor's journal (group commit), so the hot path never waits for SQLite alone.
public enum JournalEntry: Sendable, Equatable {
    case queueJoined(userId: String, joinKey: Int?, joinedAt: Date)
    case queueOrdered(userId: String, joinKey: Int)
    case queueAdmitted(userId: String, expiresAt: Date)
    case queueEnded(userId: String)
    case holdCreated(Hold)
    case holdClosed(holdId: String, status: String)
    case holdPinned(holdId: String, orderId: String?)
    case seatsSold(holdId: String, orderId: String, seatIds: [String])
    case seatsReturned(seatIds: [String])
}

/// What a performance actor needs to come back after a restart.
public struct InventorySnapshot: Sendable {
    public var seedHex: String?
    public var opened: Bool
    public var waiting: [String]
    public var preQueue: [String]
    public var admitted: [String: Date]
    public var maxJoinKey: Int
    public var holds: [Hold]
    public var sold: [(seatId: String, orderId: String)]

    public init(seedHex: String?, opened: Bool, waiting: [String], preQueue: [String], admitted: [String: Date], maxJoinKey: Int, holds: [Hold], sold: [(seatId: String, orderId: String)]) {
        self.seedHex = seedHex
        self.opened = opened
        self.waiting = waiting
        self.preQueue = preQueue
        self.admitted = admitted
        self.maxJoinKey = maxJoinKey
        self.holds = holds
        self.sold = sold
    }
}
