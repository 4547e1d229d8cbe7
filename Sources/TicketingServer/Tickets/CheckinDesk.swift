import Foundation
import TicketSigning
import TicketingProtocol
import TicketingStorage

/// Decides one scanned code: signature, ownership of the door, then the exactly-once insert.
struct CheckinDesk: Sendable {
    let storage: any DurableRecords
    let tickets: TicketService
    let metrics: ServerMetrics

    enum Result: Sendable {
        case admitted(TicketRecord, CheckinRecord)
        case duplicate(TicketRecord, CheckinRecord)
        case alreadyCheckedIn(TicketRecord, CheckinRecord)
        case revoked(TicketRecord)
        case invalid(String)
        case forbidden

        /// The `outcome` label of `qticket_checkins_total`.
        var outcome: String {
            switch self {
            case .admitted: "admitted"
            case .duplicate: "duplicate"
            case .alreadyCheckedIn: "already_checked_in"
            case .revoked: "revoked"
            case .invalid: "invalid"
            case .forbidden: "forbidden"
            }
        }
    }

    static let maxGateLength = 64

    func scan(_ code: String, gate: String?, at: Date, offline: Bool, by userId: String, scope: DoorScope,
              now: Date) async throws -> Result {
        let result = try await decide(code, gate: gate, at: at, offline: offline, by: userId, scope: scope, now: now)
        metrics.checkin(outcome: result.outcome)
        return result
    }

    private func decide(_ code: String, gate: String?, at: Date, offline: Bool, by userId: String, scope: DoorScope,
                        now: Date) async throws -> Result {
        let claims: TicketClaims
        do {
            claims = try TicketCode.parse(code).claims
        } catch {
            return .invalid("the code is not a QueueTicket ticket code")
        }
        guard let show = try await storage.performance(id: claims.performanceId) else {
            return .invalid("the code names no performance of this server")
        }
        guard scope.allows(show) else { return .forbidden }
        let publicKey = try await tickets.publicKey(performanceId: show.id)
        guard (try? TicketCode.verify(code, publicKey: publicKey)) != nil else {
            return .invalid("the code's signature does not match the performance's key")
        }
        guard let ticket = try await storage.ticket(id: claims.ticketId), ticket.performanceId == claims.performanceId,
              ticket.seatId == claims.seatId else {
            return .invalid("the code names no ticket of this performance")
        }
        guard ticket.version == claims.version else { return .invalid("the code is of an older version of the ticket") }
        let record = CheckinRecord(checkedInAt: at, gate: gate, scannedBy: userId, offline: offline)
        switch try await storage.checkIn(ticketId: ticket.id, record, recordedAt: now) {
        case .admitted(let ticket, let checkin): return .admitted(ticket, checkin)
        case .duplicate(let ticket, let checkin): return .duplicate(ticket, checkin)
        case .alreadyCheckedIn(let ticket, let checkin): return .alreadyCheckedIn(ticket, checkin)
        case .revoked(let ticket): return .revoked(ticket)
        case .unknownTicket: return .invalid("the code names no ticket of this performance")
        }
    }
}
