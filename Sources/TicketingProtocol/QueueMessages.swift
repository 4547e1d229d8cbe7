import Foundation

/// `POST/GET /v1/performances/{id}/queue[/me]` and the WebSocket `queue.status` payload.
public struct QueueStatusDTO: Codable, Sendable, Equatable {
    public var state: String
    public var position: Int?
    public var ahead: Int?
    public var etaSeconds: Int?
    public var mayMissOut: Bool
    public var preQueue: Bool?
    public var admissionToken: String?
    public var tokenExpiresAt: Date?

    public init(state: String, position: Int?, ahead: Int?, etaSeconds: Int?, mayMissOut: Bool,
                preQueue: Bool? = nil, admissionToken: String? = nil, tokenExpiresAt: Date? = nil) {
        self.state = state
        self.position = position
        self.ahead = ahead
        self.etaSeconds = etaSeconds
        self.mayMissOut = mayMissOut
        self.preQueue = preQueue
        self.admissionToken = admissionToken
        self.tokenExpiresAt = tokenExpiresAt
    }
}

/// `GET /v1/performances/{id}/queue`: public numbers, and the pre-queue shuffle's commitment.
public struct QueueStatsDTO: Codable, Sendable, Equatable {
    public var waiting: Int
    public var admittedActive: Int
    public var ratePerSecond: Double
    public var measuredRatePerSecond: Double?
    public var seatsLeft: Int
    public var seatsHeld: Int
    public var soldOut: Bool
    public var saleOpensAt: Date
    public var opened: Bool
    /// SHA-256 (hex) of the shuffle seed, published before opening.
    public var seedCommitment: String
    /// The seed itself (hex), revealed once the sale has opened.
    public var seed: String?
    public var preQueueOrder: [String]?

    public init(waiting: Int, admittedActive: Int, ratePerSecond: Double, measuredRatePerSecond: Double?,
                seatsLeft: Int, seatsHeld: Int, soldOut: Bool, saleOpensAt: Date, opened: Bool,
                seedCommitment: String, seed: String?, preQueueOrder: [String]?) {
        self.waiting = waiting
        self.admittedActive = admittedActive
        self.ratePerSecond = ratePerSecond
        self.measuredRatePerSecond = measuredRatePerSecond
        self.seatsLeft = seatsLeft
        self.seatsHeld = seatsHeld
        self.soldOut = soldOut
        self.saleOpensAt = saleOpensAt
        self.opened = opened
        self.seedCommitment = seedCommitment
        self.seed = seed
        self.preQueueOrder = preQueueOrder
    }
}

public struct QueueStatusPush: Codable, Sendable, Equatable {
    public var type = "queue.status"
    public var performanceId: String
    public var state: String
    public var position: Int?
    public var ahead: Int?
    public var etaSeconds: Int?
    public var mayMissOut: Bool

    public init(performanceId: String, status: QueueStatusDTO) {
        self.performanceId = performanceId
        self.state = status.state
        self.position = status.position
        self.ahead = status.ahead
        self.etaSeconds = status.etaSeconds
        self.mayMissOut = status.mayMissOut
    }
}

public struct QueueAdmittedPush: Codable, Sendable, Equatable {
    public var type = "queue.admitted"
    public var performanceId: String
    public var admissionToken: String
    public var tokenExpiresAt: Date

    public init(performanceId: String, admissionToken: String, tokenExpiresAt: Date) {
        self.performanceId = performanceId
        self.admissionToken = admissionToken
        self.tokenExpiresAt = tokenExpiresAt
    }
}
