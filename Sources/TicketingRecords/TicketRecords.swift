import Foundation

/// A seat's ticket as stored, with its check-in when there is one.
public struct TicketRecord: Sendable, Equatable {
    public var id: String
    public var orderId: String
    public var performanceId: String
    public var seatId: String
    public var userId: String
    public var version: Int
    public var issuedAt: Date
    public var revokedAt: Date?
    public var checkin: CheckinRecord?

    public init(id: String, orderId: String, performanceId: String, seatId: String, userId: String, version: Int,
                issuedAt: Date, revokedAt: Date? = nil, checkin: CheckinRecord? = nil) {
        self.id = id
        self.orderId = orderId
        self.performanceId = performanceId
        self.seatId = seatId
        self.userId = userId
        self.version = version
        self.issuedAt = issuedAt
        self.revokedAt = revokedAt
        self.checkin = checkin
    }
}

public struct CheckinRecord: Sendable, Equatable {
    public var checkedInAt: Date
    public var gate: String?
    public var scannedBy: String
    public var offline: Bool

    public init(checkedInAt: Date, gate: String?, scannedBy: String, offline: Bool) {
        self.checkedInAt = checkedInAt
        self.gate = gate
        self.scannedBy = scannedBy
        self.offline = offline
    }
}

/// What one scan did, decided inside one write transaction.
public enum CheckinOutcome: Sendable, Equatable {
    case admitted(TicketRecord, CheckinRecord)
    /// This very scan was stored before (a retried offline upload): same door, same time.
    case duplicate(TicketRecord, CheckinRecord)
    case alreadyCheckedIn(TicketRecord, CheckinRecord)
    case revoked(TicketRecord)
    case unknownTicket
}

/// A performance's signing key as stored: the private half is sealed by the server.
public struct StoredTicketKey: Sendable, Equatable {
    public var publicKey: [UInt8]
    public var sealedPrivateKey: [UInt8]

    public init(publicKey: [UInt8], sealedPrivateKey: [UInt8]) {
        self.publicKey = publicKey
        self.sealedPrivateKey = sealedPrivateKey
    }
}

public struct CheckinCounts: Sendable, Equatable {
    public var tickets: Int
    public var checkedIn: Int
    public var revoked: Int

    public init(tickets: Int, checkedIn: Int, revoked: Int) {
        self.tickets = tickets
        self.checkedIn = checkedIn
        self.revoked = revoked
    }
}
