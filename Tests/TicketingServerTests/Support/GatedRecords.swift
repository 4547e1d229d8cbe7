import ConnectionPooling
import Foundation
import Glibc
import Synchronization
import TicketingDomain
import TicketingPostgres
import TicketingStorage

/// A PostgreSQL that can be switched off: while `down`, every call first asks a real
/// `PostgresPool` pointed at a loopback port nothing listens on for a connection, and fails
/// with exactly what that pool throws (`PoolError.acquireTimedOut`, libpq's "connection
/// refused" inside). While up, calls go to SQLite. No PostgreSQL server is needed.
final class OutageGate: Sendable {
    private let down = Mutex(false)
    private let socket: Int32
    let pool: PostgresPool

    init() throws {
        // A port bound and never listened on: refused at once, never taken by another test.
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { [socket] in
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard socket >= 0, bound else { throw PostgresError.connection("could not bind a loopback port") }
        let port = UInt16(bigEndian: address.sin_port)
        pool = PostgresPool.postgres(
            PostgresConfiguration(url: "postgresql://qticket@127.0.0.1:\(port)/qticket", connectTimeoutSeconds: 1),
            options: .init(maxConnections: 2, acquireTimeout: .milliseconds(300)))
    }

    deinit { _ = Glibc.close(socket) }

    func set(down value: Bool) { down.withLock { $0 = value } }

    func pass() async throws {
        guard down.withLock({ $0 }) else { return }
        try await pool.query("SELECT 1")
    }
}

/// `DurableRecords` on SQLite behind an `OutageGate`.
struct GatedRecords: DurableRecords {
    let base: Storage
    let gate: OutageGate

    func createUser(_ user: UserRecord) async throws {
        try await gate.pass()
        return try await base.createUser(user)
    }
    func createUsers(_ users: [UserRecord]) async throws {
        try await gate.pass()
        return try await base.createUsers(users)
    }
    func user(email: String) async throws -> UserRecord? {
        try await gate.pass()
        return try await base.user(email: email)
    }
    func user(id: String) async throws -> UserRecord? {
        try await gate.pass()
        return try await base.user(id: id)
    }
    func userCount() async throws -> Int {
        try await gate.pass()
        return try await base.userCount()
    }
    func createVenue(_ venue: VenueRecord) async throws {
        try await gate.pass()
        return try await base.createVenue(venue)
    }
    func venue(id: String) async throws -> VenueRecord? {
        try await gate.pass()
        return try await base.venue(id: id)
    }
    func venues(ownerId: String?) async throws -> [VenueRecord] {
        try await gate.pass()
        return try await base.venues(ownerId: ownerId)
    }
    func createPerformance(_ performance: PerformanceRecord) async throws {
        try await gate.pass()
        return try await base.createPerformance(performance)
    }
    func performance(id: String) async throws -> PerformanceRecord? {
        try await gate.pass()
        return try await base.performance(id: id)
    }
    func performances() async throws -> [PerformanceRecord] {
        try await gate.pass()
        return try await base.performances()
    }
    func queueSeed(performanceId: String, proposed: String) async throws -> String {
        try await gate.pass()
        return try await base.queueSeed(performanceId: performanceId, proposed: proposed)
    }
    func applyJournal(performanceId: String, opened: Bool, _ entries: [JournalEntry]) async throws {
        try await gate.pass()
        return try await base.applyJournal(performanceId: performanceId, opened: opened, entries)
    }
    func inventorySnapshot(performanceId p: String) async throws -> InventorySnapshot {
        try await gate.pass()
        return try await base.inventorySnapshot(performanceId: p)
    }
    func holdPerformance(holdId: String) async throws -> String? {
        try await gate.pass()
        return try await base.holdPerformance(holdId: holdId)
    }
    func createCoupon(_ record: CouponRecord) async throws {
        try await gate.pass()
        return try await base.createCoupon(record)
    }
    func coupon(id: String) async throws -> CouponRecord? {
        try await gate.pass()
        return try await base.coupon(id: id)
    }
    func coupons(performanceId: String?) async throws -> [CouponRecord] {
        try await gate.pass()
        return try await base.coupons(performanceId: performanceId)
    }
    func couponStock(couponId: String) async throws -> CouponStockSnapshot? {
        try await gate.pass()
        return try await base.couponStock(couponId: couponId)
    }
    func appendIssuances(_ batch: [CouponIssuance]) async throws -> [String: IssuanceRejection] {
        try await gate.pass()
        return try await base.appendIssuances(batch)
    }
    func userCoupons(userId: String) async throws -> [UserCoupon] {
        try await gate.pass()
        return try await base.userCoupons(userId: userId)
    }
    func markCouponsUsed(userCouponIds: [String], userId: String, orderId: String, at now: Date) async throws {
        try await gate.pass()
        return try await base.markCouponsUsed(userCouponIds: userCouponIds, userId: userId, orderId: orderId, at: now)
    }
    func returnCoupons(userCouponIds: [String], orderId: String) async throws -> Int {
        try await gate.pass()
        return try await base.returnCoupons(userCouponIds: userCouponIds, orderId: orderId)
    }
    func createOrder(_ order: OrderRecord) async throws -> OrderRecord {
        try await gate.pass()
        return try await base.createOrder(order)
    }
    func order(id: String) async throws -> OrderRecord? {
        try await gate.pass()
        return try await base.order(id: id)
    }
    func orders(userId: String) async throws -> [OrderRecord] {
        try await gate.pass()
        return try await base.orders(userId: userId)
    }
    func standingOrder(userId: String, holdId: String, now: Date) async throws -> OrderRecord? {
        try await gate.pass()
        return try await base.standingOrder(userId: userId, holdId: holdId, now: now)
    }
    func orders(status: [OrderStatus]) async throws -> [OrderRecord] {
        try await gate.pass()
        return try await base.orders(status: status)
    }
    func expiredPendingOrders(now: Date) async throws -> [OrderRecord] {
        try await gate.pass()
        return try await base.expiredPendingOrders(now: now)
    }
    func startPayment(orderId: String, paymentKey: String, at: Date) async throws -> Bool {
        try await gate.pass()
        return try await base.startPayment(orderId: orderId, paymentKey: paymentKey, at: at)
    }
    func markPaymentUnknown(orderId: String, at: Date) async throws {
        try await gate.pass()
        return try await base.markPaymentUnknown(orderId: orderId, at: at)
    }
    func confirmPayment(orderId: String, at: Date) async throws -> OrderRecord? {
        try await gate.pass()
        return try await base.confirmPayment(orderId: orderId, at: at)
    }
    func failPayment(orderId: String, code: String, at: Date) async throws -> OrderRecord? {
        try await gate.pass()
        return try await base.failPayment(orderId: orderId, code: code, at: at)
    }
    func cancelUnpaid(orderId: String, at: Date) async throws -> OrderRecord? {
        try await gate.pass()
        return try await base.cancelUnpaid(orderId: orderId, at: at)
    }
    func startRefund(orderId: String, at: Date) async throws -> Bool {
        try await gate.pass()
        return try await base.startRefund(orderId: orderId, at: at)
    }
    func refundFailed(orderId: String, at: Date) async throws {
        try await gate.pass()
        return try await base.refundFailed(orderId: orderId, at: at)
    }
    func completeRefund(orderId: String, at: Date) async throws -> OrderRecord? {
        try await gate.pass()
        return try await base.completeRefund(orderId: orderId, at: at)
    }
    func storedResponse(scopedKey: String) async throws -> StoredResponse? {
        try await gate.pass()
        return try await base.storedResponse(scopedKey: scopedKey)
    }
    func storeResponse(scopedKey: String, _ response: StoredResponse, at: Date) async throws {
        try await gate.pass()
        return try await base.storeResponse(scopedKey: scopedKey, response, at: at)
    }
    func pruneStoredResponses(before: Date) async throws {
        try await gate.pass()
        return try await base.pruneStoredResponses(before: before)
    }
    func pendingEvents(limit: Int) async throws -> [OutboxEvent] {
        try await gate.pass()
        return try await base.pendingEvents(limit: limit)
    }
    func markDelivered(seqs: [Int64], at: Date) async throws {
        try await gate.pass()
        return try await base.markDelivered(seqs: seqs, at: at)
    }
    func outboxCounts() async throws -> (total: Int, pending: Int) {
        try await gate.pass()
        return try await base.outboxCounts()
    }
    func postSettlement(_ event: OutboxEvent, consumer: String, defaultFeeRate: FeeRate, at now: Date) async throws -> Bool {
        try await gate.pass()
        return try await base.postSettlement(event, consumer: consumer, defaultFeeRate: defaultFeeRate, at: now)
    }
    func ledgerLines(statementId: String) async throws -> [LedgerLineRecord] {
        try await gate.pass()
        return try await base.ledgerLines(statementId: statementId)
    }
    func ledgerLines() async throws -> [LedgerLineRecord] {
        try await gate.pass()
        return try await base.ledgerLines()
    }
    func unbalancedLedgerTransactions() async throws -> [String] {
        try await gate.pass()
        return try await base.unbalancedLedgerTransactions()
    }
    func sales(performanceId: String) async throws -> SalesRecord {
        try await gate.pass()
        return try await base.sales(performanceId: performanceId)
    }
    func platformTotals() async throws -> PlatformTotals {
        try await gate.pass()
        return try await base.platformTotals()
    }
    func salesPulse(performanceId: String) async throws -> SalesPulseRecord {
        try await gate.pass()
        return try await base.salesPulse(performanceId: performanceId)
    }
    func setSettlementCalendar(_ calendar: SettlementCalendar) async throws {
        try await gate.pass()
        return try await base.setSettlementCalendar(calendar)
    }
    func settlementState() async throws -> SettlementState {
        try await gate.pass()
        return try await base.settlementState()
    }
    func closeSettlements(until: Date, now: Date) async throws -> [StatementRecord] {
        try await gate.pass()
        return try await base.closeSettlements(until: until, now: now)
    }
    func markStatementPaid(id: String, at now: Date) async throws -> StatementRecord? {
        try await gate.pass()
        return try await base.markStatementPaid(id: id, at: now)
    }
    func setSellerFeeRate(sellerId: String, rate: FeeRate, at now: Date) async throws {
        try await gate.pass()
        return try await base.setSellerFeeRate(sellerId: sellerId, rate: rate, at: now)
    }
    func sellerFeeRate(sellerId: String) async throws -> FeeRate? {
        try await gate.pass()
        return try await base.sellerFeeRate(sellerId: sellerId)
    }
    func statements(sellerId: String?) async throws -> [StatementRecord] {
        try await gate.pass()
        return try await base.statements(sellerId: sellerId)
    }
    func statement(id: String) async throws -> StatementRecord? {
        try await gate.pass()
        return try await base.statement(id: id)
    }
    func ticketKey(performanceId: String) async throws -> StoredTicketKey? {
        try await gate.pass()
        return try await base.ticketKey(performanceId: performanceId)
    }
    func installTicketKey(performanceId: String, _ key: StoredTicketKey, at: Date) async throws -> StoredTicketKey {
        try await gate.pass()
        return try await base.installTicketKey(performanceId: performanceId, key, at: at)
    }
    func tickets(userId: String) async throws -> [TicketRecord] {
        try await gate.pass()
        return try await base.tickets(userId: userId)
    }
    func ticket(id: String) async throws -> TicketRecord? {
        try await gate.pass()
        return try await base.ticket(id: id)
    }
    func tickets(performanceId: String) async throws -> [TicketRecord] {
        try await gate.pass()
        return try await base.tickets(performanceId: performanceId)
    }
    func checkinCounts(performanceId: String) async throws -> CheckinCounts {
        try await gate.pass()
        return try await base.checkinCounts(performanceId: performanceId)
    }
    func checkIn(ticketId: String, _ checkin: CheckinRecord, recordedAt: Date) async throws -> CheckinOutcome {
        try await gate.pass()
        return try await base.checkIn(ticketId: ticketId, checkin, recordedAt: recordedAt)
    }
    func createDoorAccount(_ user: UserRecord, sellerId: String) async throws {
        try await gate.pass()
        return try await base.createDoorAccount(user, sellerId: sellerId)
    }
    func doorSeller(userId: String) async throws -> String? {
        try await gate.pass()
        return try await base.doorSeller(userId: userId)
    }
    func doorAccounts(sellerId: String) async throws -> [UserRecord] {
        try await gate.pass()
        return try await base.doorAccounts(sellerId: sellerId)
    }
}
