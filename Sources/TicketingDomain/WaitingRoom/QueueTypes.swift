import Foundation

public enum QueueState: String, Codable, Sendable {
    case waiting
    case admitted
    case soldOut = "sold_out"
    case closed
}

/// What a buyer sees of their place in line.
public struct QueueStatus: Sendable, Equatable {
    public var state: QueueState
    public var position: Int?
    public var ahead: Int?
    public var etaSeconds: Int?
    public var mayMissOut: Bool
    public var preQueue: Bool
    public var admissionExpiresAt: Date?

    public init(state: QueueState, position: Int?, ahead: Int?, etaSeconds: Int?, mayMissOut: Bool,
                preQueue: Bool = false, admissionExpiresAt: Date? = nil) {
        self.state = state
        self.position = position
        self.ahead = ahead
        self.etaSeconds = etaSeconds
        self.mayMissOut = mayMissOut
        self.preQueue = preQueue
        self.admissionExpiresAt = admissionExpiresAt
    }
}

/// Seats the waiting room must know about to be honest about the odds.
public struct InventoryLevel: Sendable, Equatable {
    public var available: Int
    public var held: Int

    public init(available: Int, held: Int) {
        self.available = available
        self.held = held
    }

    /// Nothing can come back: no seat is free and none is held (a hold might expire).
    public var soldOut: Bool { available == 0 && held == 0 }
}

public struct QueuePolicy: Sendable, Equatable {
    public var ratePerSecond: Double
    public var maxActive: Int
    public var admissionTTL: TimeInterval
    public var maxSeatsPerOrder: Int
    public var saleOpensAt: Date
    public var disconnectGrace: TimeInterval

    public init(ratePerSecond: Double, maxActive: Int, admissionTTL: TimeInterval, maxSeatsPerOrder: Int,
                saleOpensAt: Date, disconnectGrace: TimeInterval = 60) {
        self.ratePerSecond = ratePerSecond
        self.maxActive = maxActive
        self.admissionTTL = admissionTTL
        self.maxSeatsPerOrder = maxSeatsPerOrder
        self.saleOpensAt = saleOpensAt
        self.disconnectGrace = disconnectGrace
    }
}

/// A change the actor must carry out (persist, push, sign a token).
public enum QueueEvent: Sendable, Equatable {
    case joined(userId: String, seq: Int, joinedAt: Date)
    case preQueued(userId: String, joinedAt: Date)
    case opened(order: [String])
    case admitted(userId: String, expiresAt: Date)
    case admissionEnded(userId: String)
    case left(userId: String)
}
