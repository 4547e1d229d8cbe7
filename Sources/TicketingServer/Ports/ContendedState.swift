import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

// The contended half of a backend: state that thousands of buyers change at once and that must
// stay consistent under the race. Embedded, one actor owns each piece (`PerformanceActor` per
// performance, a `CouponStock` per coupon); distributed, a Redis script on the performance's
// hash-tagged slot does. The race suites in Tests/TicketingServerTests/Contract run per backend.

/// A performance's waiting room and admission: join, rank, leave. Admission (the rate, the cap
/// of admitted buyers, the token's lifetime) is decided here and checked again at each hold.
public protocol WaitingLine: Sendable {
    func join(userId: String) async throws -> QueueStatusDTO
    func status(userId: String) async -> QueueStatusDTO?
    func leave(userId: String) async throws -> Bool
    func stats() async -> QueueStatsDTO
}

/// A performance's seats: all-or-nothing holds with a deadline, and the moves an order makes.
public protocol SeatHolds: Sendable {
    var id: String { get }
    var sellerId: String { get }
    /// `hold`, only while the line still counts the buyer as admitted (nil otherwise), decided
    /// atomically with the hold.
    func holdIfAdmitted(userId: String, request: CreateHoldRequest,
                        holdId: String) async throws -> Result<HoldDTO, HoldError>?
    func hold(userId: String, request: CreateHoldRequest, holdId: String) async throws -> Result<HoldDTO, HoldError>
    func release(holdId: String, userId: String) async throws -> Result<Void, HoldError>
    func basket(holdId: String, userId: String) async -> (hold: Hold, seats: [SeatInfo])?
    func seatStates() async -> (version: Int, seats: [SeatChange])
    /// Keeps the hold past its deadline while its order is being paid; false when it is gone.
    func pinForPayment(holdId: String, orderId: String) async throws -> Bool
    /// The order is paid and committed: its seats sold, the buyer's admission slot freed.
    /// Idempotent; throws when the shared state cannot be reached, so `SeatSaleConsumer`'s
    /// event is delivered again.
    func applyPaid(holdId: String, orderId: String, userId: String) async throws
    /// The order's payment failed: its hold is released at once.
    func applyFailed(holdId: String, orderId: String) async
    func applyRefunded(seatIds: [String]) async
    func releaseUnpaid(holdId: String, userId: String) async throws
}

/// Everything contended about one performance, and what this node's sockets and the seller's
/// dashboard read of it. Pushes go to the sockets subscribed on this node; a distributed
/// backend carries changes made on other nodes to them (docs/SCALE_OUT.md).
protocol PerformanceState: WaitingLine, SeatHolds {
    /// The sellable seats, in the order `seatStates()` lists their states.
    var seatInfos: [SeatInfo] { get async }
    /// Seats per grade and the line, for `sales.snapshot`.
    func liveSales() async -> LiveSales
    /// `queue.status` (and `queue.admitted`) now and as the buyer's place changes.
    func subscribeQueue(userId: String, outlet: SocketOutlet) async
    /// `seats.snapshot` now (or, from a client that names the last version it applied, the
    /// deltas after it when they are still known), then every `seats.delta`.
    func subscribeSeats(userId: String, outlet: SocketOutlet, after version: Int?) async
    /// Drops the socket's subscriptions to this performance.
    func unsubscribe(_ outlet: SocketOutlet) async
    /// A message for the buyer's sockets subscribed to this performance, wherever they are.
    func notify(_ message: some Encodable & Sendable, userId: String) async
}

/// What a coupon claim came to.
public enum CouponClaimResult: Sendable, Equatable {
    case unknownCoupon
    /// The token names an account the database does not have.
    case unknownAccount
    case accepted(userCouponId: String, status: UserCouponStatus)
    case refused(CouponClaimDecision)
}

/// First-come-first-served coupon stock and claims: never more winners than stock, one win per
/// buyer, every win durable in the issuance log.
public protocol CouponClaims: Sendable {
    func create(_ record: CouponRecord) async throws
    func claim(couponId: String, userId: String) async throws -> CouponClaimResult
    /// A buyer's coupons, wins not yet durable included (as `pending`).
    func userCoupons(userId: String) async throws -> [UserCoupon]
    /// Live remaining stock (pending wins count as taken).
    func remaining(of record: CouponRecord) async -> Int
    /// Waits until every win so far is durable.
    func flush() async
}

/// Finds the contended state of a performance (nil when there is no such performance).
protocol PerformanceStates: Sendable {
    func state(for performanceId: String) async throws -> (any PerformanceState)?
    /// The performance a live or recorded hold belongs to.
    func holdPerformance(holdId: String) async throws -> String?
    /// Stops the background work (admission ticks, expiry sweeps, fan-out) and flushes.
    func stopAll() async
    /// The line, holds and seats of every performance this node has loaded, for `/metrics`:
    /// never a wait on a busy backend (distributed, the value the scheduler read last, at most
    /// a second old); a performance not read yet is left out.
    func readings() async -> [PerformanceReading]
}

extension CouponClaims {
    /// The one coupon → wire mapping, with live remaining stock.
    func dto(_ record: CouponRecord) async -> CouponDTO {
        CouponDTO(coupon: record.coupon, remaining: await remaining(of: record))
    }
}

extension PerformanceActor: PerformanceState {
    /// One process has no log of past deltas: a snapshot is always the answer.
    func subscribeSeats(userId: String, outlet: SocketOutlet, after version: Int?) {
        subscribeSeats(userId: userId, outlet: outlet)
    }
}
extension CouponService: CouponClaims {}

extension PerformanceHub: PerformanceStates {
    nonisolated func state(for performanceId: String) async throws -> (any PerformanceState)? {
        if let loaded = loadedActor(for: performanceId) { return loaded }
        return try await actor(for: performanceId)
    }

    func holdPerformance(holdId: String) async throws -> String? {
        try await deps.storage.holdPerformance(holdId: holdId)
    }
}
