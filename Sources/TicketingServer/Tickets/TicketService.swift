import Foundation
import TicketSigning
import TicketingProtocol
import TicketingStorage

/// Turns stored tickets into what buyers and doors see: signed codes and seat labels.
struct TicketService: Sendable {
    let storage: any DurableRecords
    let keyring: TicketKeyring

    func code(for ticket: TicketRecord) async throws -> String {
        let keys = try await keyring.keyPair(performanceId: ticket.performanceId)
        return TicketCode.make(TicketClaims(ticketId: ticket.id, performanceId: ticket.performanceId,
                                            seatId: ticket.seatId, version: ticket.version),
                               privateKey: keys.privateKey)
    }

    func publicKey(performanceId: String) async throws -> [UInt8] {
        try await keyring.keyPair(performanceId: performanceId).publicKey
    }

    /// DTOs for tickets of any performances; venues and performances are read once each.
    func dtos(_ tickets: [TicketRecord]) async throws -> [TicketDTO] {
        var shows: [String: (title: String, startsAt: Date, seats: [String: (String, String, Int)])] = [:]
        var out: [TicketDTO] = []
        for ticket in tickets {
            if shows[ticket.performanceId] == nil, let show = try await storage.performance(id: ticket.performanceId) {
                let venue = try await storage.venue(id: show.spec.venueId)
                let seats = Dictionary(uniqueKeysWithValues: (venue?.layout.seats ?? []).map {
                    ($0.id, ($0.section, $0.row, $0.number))
                })
                shows[show.id] = (show.spec.title, show.spec.startsAt, seats)
            }
            let show = shows[ticket.performanceId]
            let seat = show?.seats[ticket.seatId] ?? ("", "", 0)
            let status: TicketStatus = ticket.revokedAt != nil ? .revoked : ticket.checkin != nil ? .checkedIn : .valid
            out.append(TicketDTO(id: ticket.id, orderId: ticket.orderId, performanceId: ticket.performanceId,
                                 seatId: ticket.seatId, section: seat.0, row: seat.1, number: seat.2,
                                 code: try await code(for: ticket), status: status, performanceTitle: show?.title,
                                 startsAt: show?.startsAt, checkedInAt: ticket.checkin?.checkedInAt))
        }
        return out
    }

    func dto(_ ticket: TicketRecord) async throws -> TicketDTO {
        try await dtos([ticket])[0]
    }
}
