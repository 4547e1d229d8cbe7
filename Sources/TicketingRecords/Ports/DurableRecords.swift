import Foundation
import TicketingDomain

// The durable half of a backend: what must survive every node and every restart. `Storage`
// (SQLite) is the embedded implementation; a PostgreSQL one implements the same protocols, and
// the contract suites in Tests/TicketingServerTests/Contract run against each (`Backend.all`).
// Each named transaction keeps its meaning: all of its effects commit together or none do.

/// Accounts (buyers, sellers, admins).
public protocol AccountRecords: Sendable {
    func createUser(_ user: UserRecord) async throws
    /// Many accounts in one transaction (seeding, demos).
    func createUsers(_ users: [UserRecord]) async throws
    func user(email: String) async throws -> UserRecord?
    func user(id: String) async throws -> UserRecord?
    func userCount() async throws -> Int
}

public protocol VenueRecords: Sendable {
    func createVenue(_ venue: VenueRecord) async throws
    func venue(id: String) async throws -> VenueRecord?
    func venues(ownerId: String?) async throws -> [VenueRecord]
}

/// Performances, and the durable trace of their contended state (queue seed, holds journal),
/// from which a restarted node rebuilds the line and the seats.
public protocol PerformanceRecords: Sendable {
    func createPerformance(_ performance: PerformanceRecord) async throws
    func performance(id: String) async throws -> PerformanceRecord?
    func performances() async throws -> [PerformanceRecord]
    func queueSeed(performanceId: String, proposed: String) async throws -> String
    func applyJournal(performanceId: String, opened: Bool, _ entries: [JournalEntry]) async throws
    func inventorySnapshot(performanceId p: String) async throws -> InventorySnapshot
    func holdPerformance(holdId: String) async throws -> String?
}

/// Coupons, their issuance log (the durable side of a claim) and their use by orders.
public protocol CouponRecordStore: Sendable {
    func createCoupon(_ record: CouponRecord) async throws
    func coupon(id: String) async throws -> CouponRecord?
    func coupons(performanceId: String?) async throws -> [CouponRecord]
    func couponStock(couponId: String) async throws -> CouponStockSnapshot?
    func appendIssuances(_ batch: [CouponIssuance]) async throws -> [String: IssuanceRejection]
    func userCoupons(userId: String) async throws -> [UserCoupon]
    func markCouponsUsed(userCouponIds: [String], userId: String, orderId: String, at now: Date) async throws
    func returnCoupons(userCouponIds: [String], orderId: String) async throws -> Int
}

/// Orders and their reads. Every status change is a payment-side transaction below, guarded
/// by `OrderMachine`.
public protocol OrderRecordStore: Sendable {
    /// Inserts `order` unless an order already stands on its hold: any not cancelled, but one
    /// awaiting payment only until it expires (at `order.createdAt`). Then nothing is written and
    /// that order comes back. Atomic across nodes: however many requests for one hold arrive at
    /// once, one order is created, and a late one finds the order even once it is being paid.
    @discardableResult
    func createOrder(_ order: OrderRecord) async throws -> OrderRecord
    func order(id: String) async throws -> OrderRecord?
    func orders(userId: String) async throws -> [OrderRecord]
    /// The order standing on the buyer's `holdId` at `now`, as `createOrder` judges it (any not
    /// cancelled; one awaiting payment only until it expires): one indexed look, not a read of
    /// all the buyer's orders.
    func standingOrder(userId: String, holdId: String, now: Date) async throws -> OrderRecord?
    func orders(status: [OrderStatus]) async throws -> [OrderRecord]
    func expiredPendingOrders(now: Date) async throws -> [OrderRecord]
}

/// The order moves of paying and refunding; each returns whether (or what) it moved, and moves
/// nothing unless `OrderMachine` allows the event from the order's current status.
public protocol PaymentRecords: Sendable {
    func startPayment(orderId: String, paymentKey: String, at: Date) async throws -> Bool
    func markPaymentUnknown(orderId: String, at: Date) async throws
    func confirmPayment(orderId: String, at: Date) async throws -> OrderRecord?
    func failPayment(orderId: String, code: String, at: Date) async throws -> OrderRecord?
    func cancelUnpaid(orderId: String, at: Date) async throws -> OrderRecord?
    func startRefund(orderId: String, at: Date) async throws -> Bool
    func refundFailed(orderId: String, at: Date) async throws
    func completeRefund(orderId: String, at: Date) async throws -> OrderRecord?
}

public protocol IdempotencyRecords: Sendable {
    func storedResponse(scopedKey: String) async throws -> StoredResponse?
    func storeResponse(scopedKey: String, _ response: StoredResponse, at: Date) async throws
    func pruneStoredResponses(before: Date) async throws
}

/// Events written with their business change, delivered at least once.
public protocol OutboxRecords: Sendable {
    /// Undelivered events, in order per aggregate. Where every node runs a relay (PostgreSQL),
    /// reading them leases them to this node, so no other node is handed them meanwhile.
    func pendingEvents(limit: Int) async throws -> [OutboxEvent]
    func markDelivered(seqs: [Int64], at: Date) async throws
    func outboxCounts() async throws -> (total: Int, pending: Int)
}

/// The double-entry ledger and the statements closed from it.
public protocol LedgerRecords: Sendable {
    func postSettlement(_ event: OutboxEvent, consumer: String, defaultFeeRate: FeeRate, at now: Date) async throws -> Bool
    func ledgerLines(statementId: String) async throws -> [LedgerLineRecord]
    func ledgerLines() async throws -> [LedgerLineRecord]
    func unbalancedLedgerTransactions() async throws -> [String]
    func sales(performanceId: String) async throws -> SalesRecord
    func platformTotals() async throws -> PlatformTotals
    /// Tickets sold over time, payments and coupons of one performance (the seller's live dashboard).
    func salesPulse(performanceId: String) async throws -> SalesPulseRecord
}

public protocol SettlementRecords: Sendable {
    func setSettlementCalendar(_ calendar: SettlementCalendar) async throws
    func settlementState() async throws -> SettlementState
    func closeSettlements(until: Date, now: Date) async throws -> [StatementRecord]
    func markStatementPaid(id: String, at now: Date) async throws -> StatementRecord?
    func setSellerFeeRate(sellerId: String, rate: FeeRate, at now: Date) async throws
    func sellerFeeRate(sellerId: String) async throws -> FeeRate?
    func statements(sellerId: String?) async throws -> [StatementRecord]
    func statement(id: String) async throws -> StatementRecord?
}

/// Tickets (issued and revoked with their order's status, in the same transaction), their
/// per-performance signing keys, check-ins (exactly once per ticket) and door accounts.
public protocol TicketRecordStore: Sendable {
    func ticketKey(performanceId: String) async throws -> StoredTicketKey?
    /// Keeps the first key installed for a performance and returns the one in force.
    func installTicketKey(performanceId: String, _ key: StoredTicketKey, at: Date) async throws -> StoredTicketKey
    func tickets(userId: String) async throws -> [TicketRecord]
    func ticket(id: String) async throws -> TicketRecord?
    func tickets(performanceId: String) async throws -> [TicketRecord]
    func checkinCounts(performanceId: String) async throws -> CheckinCounts
    func checkIn(ticketId: String, _ checkin: CheckinRecord, recordedAt: Date) async throws -> CheckinOutcome
    func createDoorAccount(_ user: UserRecord, sellerId: String) async throws
    func doorSeller(userId: String) async throws -> String?
    func doorAccounts(sellerId: String) async throws -> [UserRecord]
}

/// Every durable record a backend keeps.
public typealias DurableRecords = AccountRecords & VenueRecords & PerformanceRecords & CouponRecordStore
    & OrderRecordStore & PaymentRecords & IdempotencyRecords & OutboxRecords & LedgerRecords & SettlementRecords
    & TicketRecordStore

extension VenueRecords {
    public func venues() async throws -> [VenueRecord] { try await venues(ownerId: nil) }
}

extension CouponRecordStore {
    public func coupons() async throws -> [CouponRecord] { try await coupons(performanceId: nil) }
}
