import Foundation

/// A sellable seat of one performance: where it is drawn and what it costs.
public struct SeatInfo: Sendable, Equatable {
    public var id: String
    public var section: String
    public var row: String
    public var number: Int
    public var x: Int
    public var y: Int
    public var grade: String
    public var price: Int

    public init(id: String, section: String, row: String, number: Int, x: Int, y: Int, grade: String, price: Int) {
        self.id = id
        self.section = section
        self.row = row
        self.number = number
        self.x = x
        self.y = y
        self.grade = grade
        self.price = price
    }
}

public enum SeatStatus: Sendable, Equatable {
    case available
    case held(holdId: String)
    case sold(orderId: String)

    /// The public state name on the wire.
    public var name: String {
        switch self {
        case .available: "available"
        case .held: "held"
        case .sold: "sold"
        }
    }
}

public struct Hold: Sendable, Equatable {
    public var id: String
    public var userId: String
    public var seatIds: [String]
    public var amount: Int
    public var expiresAt: Date
    /// An order awaiting payment pins the hold: the timer no longer releases it.
    public var orderId: String?

    public init(id: String, userId: String, seatIds: [String], amount: Int, expiresAt: Date, orderId: String? = nil) {
        self.id = id
        self.userId = userId
        self.seatIds = seatIds
        self.amount = amount
        self.expiresAt = expiresAt
        self.orderId = orderId
    }
}

public struct SeatChange: Sendable, Equatable {
    public var id: String
    public var state: String

    public init(id: String, state: String) {
        self.id = id
        self.state = state
    }
}

/// One atomic change to the map, numbered so subscribers can detect a gap.
public struct SeatBatch: Sendable, Equatable {
    public var version: Int
    public var changes: [SeatChange]
}

public enum HoldError: Error, Sendable, Equatable {
    case empty
    case duplicateSeats
    case unknownSeats([String])
    case unavailable([String])
    case tooManySeats(max: Int)
    /// Best available found nothing; `remaining` says what is left so the buyer need not guess.
    case noSeatsTogether(grade: String, count: Int, remaining: [GradeRemaining])
    case unknownHold
    case notYourHold
    case pinnedByOrder
}

/// What is left of one grade for a buyer: seats free, and the longest run of touching free seats
/// (the most a party can sit together).
public struct GradeRemaining: Sendable, Equatable {
    public var grade: String
    public var free: Int
    public var largestRun: Int

    public init(grade: String, free: Int, largestRun: Int) {
        self.grade = grade
        self.free = free
        self.largestRun = largestRun
    }
}
