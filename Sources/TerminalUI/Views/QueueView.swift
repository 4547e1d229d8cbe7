import Foundation

/// What the waiting-room screen shows, shaped after `POST /v1/performances/{id}/queue` (and the
/// `queue.status` / `queue.admitted` pushes) plus `GET /v1/performances/{id}/queue` for the crowd.
public struct QueueView: Sendable, Equatable {
    public enum Phase: String, Sendable, Equatable {
        case waiting, admitted
        case soldOut = "sold_out"
        case closed
    }

    /// `GET /v1/performances/{id}/queue`: the crowd around this buyer.
    public struct Crowd: Sendable, Equatable {
        public var waiting: Int
        public var admittedActive: Int
        public var ratePerSecond: Double
        public var seatsLeft: Int

        public init(waiting: Int, admittedActive: Int, ratePerSecond: Double, seatsLeft: Int) {
            self.waiting = waiting
            self.admittedActive = admittedActive
            self.ratePerSecond = ratePerSecond
            self.seatsLeft = seatsLeft
        }
    }

    public var title: String
    public var venueName: String
    public var saleOpensAt: Date
    public var phase: Phase
    /// Joined before the sale opened: no rank until the shuffle at opening.
    public var preQueue: Bool
    public var position: Int?
    public var ahead: Int?
    /// The position first seen after joining, so progress can be shown as a fraction of it.
    public var joinedPosition: Int?
    public var etaSeconds: Int?
    public var mayMissOut: Bool
    public var tokenExpiresAt: Date?
    public var crowd: Crowd?
    /// The push channel dropped; the last known figures stay on screen meanwhile.
    public var reconnecting: Bool
    /// Joined with `b` on the overview: the section whose best seats the turn holds.
    public var bestSection: String?
    public var now: Date

    public init(title: String, venueName: String, saleOpensAt: Date, phase: Phase, preQueue: Bool = false,
                position: Int? = nil, ahead: Int? = nil, joinedPosition: Int? = nil, etaSeconds: Int? = nil,
                mayMissOut: Bool = false, tokenExpiresAt: Date? = nil, crowd: Crowd? = nil,
                reconnecting: Bool = false, bestSection: String? = nil, now: Date) {
        self.title = title
        self.venueName = venueName
        self.saleOpensAt = saleOpensAt
        self.phase = phase
        self.preQueue = preQueue
        self.position = position
        self.ahead = ahead
        self.joinedPosition = joinedPosition
        self.etaSeconds = etaSeconds
        self.mayMissOut = mayMissOut
        self.tokenExpiresAt = tokenExpiresAt
        self.crowd = crowd
        self.reconnecting = reconnecting
        self.bestSection = bestSection
        self.now = now
    }

    /// How far this buyer has come from the place they joined at (0…1).
    public var progress: Double {
        if phase == .admitted { return 1 }
        guard let position, let joined = joinedPosition, joined > 0 else { return 0 }
        return min(1, max(0, Double(joined - position) / Double(joined)))
    }
}
