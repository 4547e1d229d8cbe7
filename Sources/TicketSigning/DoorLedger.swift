import Foundation
import TicketingProtocol

/// A door's own record for working without the server (pretixSCAN's model): the downloaded
/// check-in list, the performance's public key, and the scans made since, queued for upload.
/// Offline, a code is admitted when its signature verifies, its ticket is on the list at that
/// version, and this door has not let it in already; entries at other doors meanwhile surface
/// as conflicts when the queue is uploaded.
public struct DoorLedger: Sendable, Equatable {
    public enum Verdict: Sendable, Equatable {
        case admit(ticketId: String, seatId: String)
        case alreadyIn(ticketId: String, seatId: String, at: Date, gate: String?)
        case revoked(ticketId: String, seatId: String)
        case invalid(String)
    }

    public let performanceId: String
    private let publicKey: [UInt8]
    private var versions: [String: Int]
    private var revoked: Set<String>
    private var entered: [String: CheckinListDTO.Entered]
    /// Scans admitted offline and not yet accepted by the server, oldest first.
    public private(set) var pending: [CheckinBatchRequest.Item] = []

    public init?(_ list: CheckinListDTO) {
        guard list.algorithm == "Ed25519", let key = Data(base64Encoded: list.publicKey), key.count == Ed25519.keyLength
        else { return nil }
        performanceId = list.performanceId
        publicKey = Array(key)
        versions = Dictionary(list.tickets.map { ($0.id, $0.version) }) { _, last in last }
        revoked = Set(list.revoked)
        entered = Dictionary(list.checkedIn.map { ($0.id, $0) }) { first, _ in first }
    }

    public var ticketCount: Int { versions.count }
    public var checkedInCount: Int { entered.keys.filter { versions[$0] != nil }.count }

    /// Decides a code offline; an admitted one is recorded and queued for upload.
    public mutating func scan(_ code: String, at: Date, gate: String?) -> Verdict {
        let claims: TicketClaims
        do {
            claims = try TicketCode.verify(code, publicKey: publicKey)
        } catch .badSignature {
            return .invalid("signature does not match this performance")
        } catch {
            return .invalid("not a ticket code")
        }
        guard claims.performanceId == performanceId else { return .invalid("a ticket of another performance") }
        if revoked.contains(claims.ticketId) { return .revoked(ticketId: claims.ticketId, seatId: claims.seatId) }
        guard let version = versions[claims.ticketId] else { return .invalid("not on the downloaded list") }
        guard version == claims.version else { return .invalid("an older version of the ticket") }
        if let first = entered[claims.ticketId] {
            return .alreadyIn(ticketId: claims.ticketId, seatId: claims.seatId, at: first.checkedInAt, gate: first.gate)
        }
        entered[claims.ticketId] = .init(id: claims.ticketId, checkedInAt: at, gate: gate)
        pending.append(.init(code: code, checkedInAt: at, gate: gate))
        return .admit(ticketId: claims.ticketId, seatId: claims.seatId)
    }

    /// An entry the server admitted online, so a later offline scan of the code is refused.
    public mutating func record(ticketId: String, at: Date, gate: String?) {
        if entered[ticketId] == nil { entered[ticketId] = .init(id: ticketId, checkedInAt: at, gate: gate) }
    }

    /// Drops the uploaded scans the server answered; each answer is final (accepted, a duplicate
    /// of an earlier upload, or a conflict to report), so none is sent twice.
    public mutating func uploaded(_ results: [CheckinBatchResponse.Result]) {
        let answered = Set(results.map(\.code))
        pending.removeAll { answered.contains($0.code) }
        for result in results where result.outcome == .alreadyCheckedIn {
            if let id = result.ticketId, let at = result.checkedInAt {
                entered[id] = .init(id: id, checkedInAt: at, gate: result.gate)
            }
        }
    }
}
