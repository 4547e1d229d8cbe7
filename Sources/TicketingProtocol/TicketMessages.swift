import Foundation

/// `GET /v1/performances/{id}/checkin-key`: the public half of the performance's signing key.
public struct CheckinKeyDTO: Codable, Sendable, Equatable {
    public var algorithm: String
    /// Standard base64 of the 32 raw Ed25519 public key bytes.
    public var publicKey: String

    public init(algorithm: String = "Ed25519", publicKey: String) {
        self.algorithm = algorithm
        self.publicKey = publicKey
    }
}

public enum TicketStatus: String, Codable, Sendable, Equatable {
    case valid
    case checkedIn = "checked_in"
    case revoked
}

public struct TicketDTO: Codable, Sendable, Equatable {
    public var id: String
    public var orderId: String
    public var performanceId: String
    public var seatId: String
    public var section: String
    public var row: String
    public var number: Int
    public var code: String
    public var status: TicketStatus
    /// Extras for the buyer's screen; absent where the server does not know them.
    public var performanceTitle: String?
    public var startsAt: Date?
    public var checkedInAt: Date?

    public init(id: String, orderId: String, performanceId: String, seatId: String, section: String, row: String,
                number: Int, code: String, status: TicketStatus, performanceTitle: String? = nil,
                startsAt: Date? = nil, checkedInAt: Date? = nil) {
        self.id = id
        self.orderId = orderId
        self.performanceId = performanceId
        self.seatId = seatId
        self.section = section
        self.row = row
        self.number = number
        self.code = code
        self.status = status
        self.performanceTitle = performanceTitle
        self.startsAt = startsAt
        self.checkedInAt = checkedInAt
    }
}

public struct TicketList: Codable, Sendable, Equatable {
    public var tickets: [TicketDTO]
    public init(tickets: [TicketDTO]) { self.tickets = tickets }
}

/// `POST /v1/checkins`.
public struct CheckinRequest: Codable, Sendable, Equatable {
    public var code: String
    public var gate: String?
    public init(code: String, gate: String? = nil) {
        self.code = code
        self.gate = gate
    }
}

public struct CheckinDTO: Codable, Sendable, Equatable {
    public var ticket: TicketDTO
    public var checkedInAt: Date
    public var gate: String?
    public init(ticket: TicketDTO, checkedInAt: Date, gate: String?) {
        self.ticket = ticket
        self.checkedInAt = checkedInAt
        self.gate = gate
    }
}

/// `GET /v1/performances/{id}/checkin-list`: what a door needs to decide without the server.
public struct CheckinListDTO: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var version: Int
        public var seatId: String
        public init(id: String, version: Int, seatId: String) {
            self.id = id
            self.version = version
            self.seatId = seatId
        }
    }

    public struct Entered: Codable, Sendable, Equatable {
        public var id: String
        public var checkedInAt: Date
        public var gate: String?
        public init(id: String, checkedInAt: Date, gate: String?) {
            self.id = id
            self.checkedInAt = checkedInAt
            self.gate = gate
        }
    }

    public var performanceId: String
    public var algorithm: String
    public var publicKey: String
    public var generatedAt: Date
    /// Valid tickets (checked in or not) with their current versions.
    public var tickets: [Entry]
    public var revoked: [String]
    public var checkedIn: [Entered]

    public init(performanceId: String, algorithm: String = "Ed25519", publicKey: String, generatedAt: Date,
                tickets: [Entry], revoked: [String], checkedIn: [Entered]) {
        self.performanceId = performanceId
        self.algorithm = algorithm
        self.publicKey = publicKey
        self.generatedAt = generatedAt
        self.tickets = tickets
        self.revoked = revoked
        self.checkedIn = checkedIn
    }
}

/// `POST /v1/checkins/batch`: check-ins a door made offline, uploaded when the server is back.
public struct CheckinBatchRequest: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public var code: String
        public var checkedInAt: Date
        public var gate: String?
        public init(code: String, checkedInAt: Date, gate: String? = nil) {
            self.code = code
            self.checkedInAt = checkedInAt
            self.gate = gate
        }
    }

    public var checkins: [Item]
    public init(checkins: [Item]) { self.checkins = checkins }
}

public struct CheckinBatchResponse: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable, Equatable {
        /// Recorded now, with the door's time.
        case accepted
        /// The same door's earlier upload of this very scan (a retried batch): nothing new.
        case duplicate
        case alreadyCheckedIn = "already_checked_in"
        case ticketRevoked = "ticket_revoked"
        case invalidTicketCode = "invalid_ticket_code"
        case forbidden
    }

    public struct Result: Codable, Sendable, Equatable {
        public var code: String
        public var outcome: Outcome
        public var ticketId: String?
        /// For accepted: the time stored; for a conflict: the earlier check-in's time and gate.
        public var checkedInAt: Date?
        public var gate: String?
        public init(code: String, outcome: Outcome, ticketId: String? = nil, checkedInAt: Date? = nil,
                    gate: String? = nil) {
            self.code = code
            self.outcome = outcome
            self.ticketId = ticketId
            self.checkedInAt = checkedInAt
            self.gate = gate
        }
    }

    public var results: [Result]
    public init(results: [Result]) { self.results = results }
}

/// `GET /v1/seller/performances/{id}/checkins`: the door's progress for the seller and the doors.
public struct CheckinSummaryDTO: Codable, Sendable, Equatable {
    public var performanceId: String
    /// Tickets that can enter or have entered (issued and not revoked).
    public var tickets: Int
    public var checkedIn: Int
    public var revoked: Int
    public init(performanceId: String, tickets: Int, checkedIn: Int, revoked: Int) {
        self.performanceId = performanceId
        self.tickets = tickets
        self.checkedIn = checkedIn
        self.revoked = revoked
    }
}

/// `POST /v1/door-accounts`: a seller creates a login for the people scanning at the door.
public struct CreateDoorAccountRequest: Codable, Sendable, Equatable {
    public var email: String
    public var password: String
    public var name: String?
    public init(email: String, password: String, name: String? = nil) {
        self.email = email
        self.password = password
        self.name = name
    }
}

public struct DoorAccountDTO: Codable, Sendable, Equatable {
    public var user: UserDTO
    public var sellerId: String
    public init(user: UserDTO, sellerId: String) {
        self.user = user
        self.sellerId = sellerId
    }
}

public struct DoorAccountList: Codable, Sendable, Equatable {
    public var doorAccounts: [DoorAccountDTO]
    public init(doorAccounts: [DoorAccountDTO]) { self.doorAccounts = doorAccounts }
}
