import Foundation

/// `POST /v1/performances/{id}/holds`: explicit seats, or best available `{grade, count}`,
/// optionally only within one `section`.
public struct CreateHoldRequest: Codable, Sendable {
    public var seatIds: [String]?
    public var grade: String?
    public var count: Int?
    public var allowSplit: Bool?
    public var section: String?

    public init(seatIds: [String]? = nil, grade: String? = nil, count: Int? = nil, allowSplit: Bool? = nil,
                section: String? = nil) {
        self.seatIds = seatIds
        self.grade = grade
        self.count = count
        self.allowSplit = allowSplit
        self.section = section
    }
}

/// One grade's leftovers in a best-available refusal: seats free and the most of them together.
public struct GradeRemainingDTO: Codable, Sendable, Equatable {
    public var grade: String
    public var free: Int
    public var largestRun: Int

    public init(grade: String, free: Int, largestRun: Int) {
        self.grade = grade
        self.free = free
        self.largestRun = largestRun
    }
}

public struct HoldDTO: Codable, Sendable, Equatable {
    public var holdId: String
    public var performanceId: String
    public var seatIds: [String]
    public var amount: Int
    public var expiresAt: Date

    public init(holdId: String, performanceId: String, seatIds: [String], amount: Int, expiresAt: Date) {
        self.holdId = holdId
        self.performanceId = performanceId
        self.seatIds = seatIds
        self.amount = amount
        self.expiresAt = expiresAt
    }
}

public struct SeatStateDTO: Codable, Sendable, Equatable {
    public var id: String
    public var state: String

    public init(id: String, state: String) {
        self.id = id
        self.state = state
    }
}

public struct SeatsSnapshotPush: Codable, Sendable, Equatable {
    public var type = "seats.snapshot"
    public var performanceId: String
    public var version: Int
    public var seats: [SeatStateDTO]

    public init(performanceId: String, version: Int, seats: [SeatStateDTO]) {
        self.performanceId = performanceId
        self.version = version
        self.seats = seats
    }
}

public struct SeatsDeltaPush: Codable, Sendable, Equatable {
    public var type = "seats.delta"
    public var performanceId: String
    public var version: Int
    public var changes: [SeatStateDTO]

    public init(performanceId: String, version: Int, changes: [SeatStateDTO]) {
        self.performanceId = performanceId
        self.version = version
        self.changes = changes
    }
}

public struct HoldExpiredPush: Codable, Sendable, Equatable {
    public var type = "hold.expired"
    public var holdId: String
    public var performanceId: String

    public init(holdId: String, performanceId: String) {
        self.holdId = holdId
        self.performanceId = performanceId
    }
}

/// Peek at `type` before decoding a server push into its concrete message.
public struct SocketEnvelope: Codable, Sendable {
    public var type: String
    public init(type: String) { self.type = type }
}
