import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// What checkout asks of a performance: read a basket, pin a hold while paying, and mirror in
/// memory what checkout's transactions already made durable (sold, returned, unpinned).
extension PerformanceActor {
    /// The buyer's live hold and its seats, or nil when it expired, was released or isn't theirs.
    func basket(holdId: String, userId: String) -> (hold: Hold, seats: [SeatInfo])? {
        guard let hold = seats.holds[holdId], hold.userId == userId else { return nil }
        return (hold, hold.seatIds.compactMap { seats.seat($0) })
    }

    /// Keeps the hold from expiring while the gateway decides; false when it is already gone.
    func pinForPayment(holdId: String, orderId: String) async throws -> Bool {
        guard seats.pin(holdId: holdId, orderId: orderId) else { return false }
        record([.holdPinned(holdId: holdId, orderId: orderId)])
        try await awaitDurable()
        return true
    }

    /// Payment confirmed (already committed by checkout): seats sold, the admission slot freed.
    func applyPaid(holdId: String, orderId: String, userId: String) {
        if let batch = seats.sell(holdId: holdId, orderId: orderId) { push(batch) }
        apply(room.complete(userId))
        queueDirty = true
    }

    /// Payment failed (checkout already committed it and closed the hold): the seats are on sale
    /// again at once and the line, paused while nothing was free, resumes.
    func applyFailed(holdId: String, orderId: String) {
        if let batch = seats.releaseFailed(holdId: holdId, orderId: orderId) {
            record([.holdClosed(holdId: holdId, status: "released")])
            push(batch)
            queueDirty = true
        }
    }

    /// A refund committed: the seats are on sale again.
    func applyRefunded(seatIds: [String]) {
        if let batch = seats.unsell(seatIds: seatIds) {
            push(batch)
            queueDirty = true
        }
    }

    /// An unpaid order was cancelled: let its seats go now rather than at hold expiry.
    func releaseUnpaid(holdId: String, userId: String) async throws {
        if case .success = try await release(holdId: holdId, userId: userId) { return }
    }

    func notify(_ message: some Encodable & Sendable, userId: String) {
        send(message, toUser: userId)
    }
}
