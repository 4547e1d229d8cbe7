import ConnectionPooling
import Foundation
import GRDB
import Testing
import TicketingDomain
@testable import TicketingPostgres
import TicketingRecords
@testable import TicketingStorage

/// The two implementations of the outbox, ledger, settlement and ticket ports, behind one
/// fixture, so a contract test runs the same assertions against SQLite (the reference) and
/// PostgreSQL: `@Test(arguments: RecordBackend.allCases)`.
enum RecordBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    func make() async throws -> RecordFixture {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("qticket-pgb-contract-\(UUID().uuidString)", isDirectory: true)
            return SQLiteFixture(storage: try Storage(directory: directory), directory: directory)
        case .postgres:
            return PostgresFixture(records: PostgresRecords(pool: try await PostgresTestServer.migratedPool(maxConnections: 8)))
        }
    }
}

typealias LedgerSide = OutboxRecords & LedgerRecords & SettlementRecords & TicketRecordStore

/// Orders are written here the way checkout writes them (order moves guarded by `OrderMachine`,
/// the outbox event in the same transaction): through `Storage` on SQLite, and in plain SQL on
/// PostgreSQL, as the PostgreSQL order moves do (a status UPDATE the ticket trigger must see).
protocol RecordFixture: Sendable {
    var records: any LedgerSide { get }
    /// A seller account, a venue and a performance of it, plus a coupon of that performance.
    func seed(sellerId: String, performanceId: String, couponQuantity: Int, couponsIssued: Int) async throws
    func placeOrder(_ order: OrderRecord) async throws
    /// Applies `event` to the order; false when `OrderMachine` does not allow it from its status.
    @discardableResult
    func move(_ orderId: String, _ event: OrderEvent, at: Date) async throws -> Bool
    func close() async
}

extension RecordFixture {
    /// The relay's loop (Sources/TicketingServer/Outbox/OutboxRelay.swift) with settlement as the
    /// one consumer; returns the events delivered, in delivery order.
    @discardableResult
    func relay(feeRate: FeeRate = FeeRate(basisPoints: 500)!, at: Date) async throws -> [OutboxEvent] {
        var delivered: [OutboxEvent] = []
        for _ in 0..<100 {
            let batch = try await records.pendingEvents(limit: 50)
            if batch.isEmpty { return delivered }
            for event in batch {
                _ = try await records.postSettlement(event, consumer: "settlement", defaultFeeRate: feeRate, at: at)
            }
            try await records.markDelivered(seqs: batch.map(\.seq), at: at)
            delivered += batch
        }
        Issue.record("the outbox never drained")
        return delivered
    }
}

struct SQLiteFixture: RecordFixture {
    let storage: Storage
    let directory: URL
    var records: any LedgerSide { storage }

    func seed(sellerId: String, performanceId: String, couponQuantity: Int, couponsIssued: Int) async throws {
        try await storage.pool.write { db in
            let at = Date(timeIntervalSince1970: 1_796_000_000)
            try db.execute(sql: "INSERT INTO user (id, email, name, role, passwordHash, createdAt) VALUES (?, ?, 'Seller', 'seller', '-', ?)",
                           arguments: [sellerId, "\(sellerId)@example.com", at])
            try db.execute(sql: "INSERT INTO venue (id, ownerId, name, layoutJSON, seatCount, createdAt) VALUES (?, ?, 'Hall', ?, 0, ?)",
                           arguments: ["ven_\(performanceId)", sellerId, Data("{}".utf8), at])
            try db.execute(sql: """
                INSERT INTO performance (id, venueId, sellerId, title, startsAt, saleOpensAt, specJSON, createdAt)
                VALUES (?, ?, ?, 'Night', ?, ?, ?, ?)
                """, arguments: [performanceId, "ven_\(performanceId)", sellerId, at, at, Data("{}".utf8), at])
            try db.execute(sql: """
                INSERT INTO coupon (id, name, kind, parametersJSON, sellerId, performanceId, minSpend, perTicket,
                    totalQuantity, issuedCount, fundedBy, createdBy, createdAt)
                VALUES (?, 'Ten off', 'fixed', ?, ?, ?, 0, 0, ?, ?, 'seller', ?, ?)
                """, arguments: ["cpn_\(performanceId)", Data("{}".utf8), sellerId, performanceId, couponQuantity,
                                 couponsIssued, sellerId, at])
        }
    }

    func placeOrder(_ order: OrderRecord) async throws {
        // Raw, like the PostgreSQL side: createOrder would also reserve the applied coupons,
        // which these suites do not issue.
        try await storage.pool.write { db in try Storage.insertOrder(db, order) }
    }

    func move(_ orderId: String, _ event: OrderEvent, at: Date) async throws -> Bool {
        switch event {
        case .payRequested: return try await storage.startPayment(orderId: orderId, paymentKey: "pay_\(orderId)", at: at)
        case .gatewayConfirmed: return try await storage.confirmPayment(orderId: orderId, at: at) != nil
        case .gatewayDeclined: return try await storage.failPayment(orderId: orderId, code: "DECLINED", at: at) != nil
        case .refundRequested: return try await storage.startRefund(orderId: orderId, at: at)
        case .refundCompleted: return try await storage.completeRefund(orderId: orderId, at: at) != nil
        case .refundFailed:
            let before = try await storage.order(id: orderId)?.status
            try await storage.refundFailed(orderId: orderId, at: at)
            return before == .refundProcessing
        default:
            Issue.record("the fixture does not move orders on \(event)")
            return false
        }
    }

    func close() async { try? FileManager.default.removeItem(at: directory) }
}

struct PostgresFixture: RecordFixture {
    let postgres: PostgresRecords
    var records: any LedgerSide { postgres }

    init(records: PostgresRecords) { postgres = records }

    func seed(sellerId: String, performanceId: String, couponQuantity: Int, couponsIssued: Int) async throws {
        let at = Date(timeIntervalSince1970: 1_796_000_000)
        try await postgres.pool.transaction { connection in
            try connection.query("""
                INSERT INTO app_user (id, email, name, role, password_hash, created_at) VALUES ($1, $2, 'Seller', 'seller', '-', $3::timestamptz)
                """, [sellerId, "\(sellerId)@example.com", at])
            try connection.query("""
                INSERT INTO venue (id, owner_id, name, layout, seat_count, created_at) VALUES ($1, $2, 'Hall', '{}', 0, $3::timestamptz)
                """, ["ven_\(performanceId)", sellerId, at])
            try connection.query("""
                INSERT INTO performance (id, venue_id, seller_id, title, starts_at, sale_opens_at, spec, created_at)
                VALUES ($1, $2, $3, 'Night', $4::timestamptz, $4::timestamptz, '{}', $4::timestamptz)
                """, [performanceId, "ven_\(performanceId)", sellerId, at])
            try connection.query("""
                INSERT INTO coupon (id, name, kind, parameters, seller_id, performance_id, min_spend, per_ticket,
                    total_quantity, issued_count, funded_by, created_by, created_at)
                VALUES ($1, 'Ten off', 'fixed', '{}', $2, $3, 0, false, $4, $5, 'seller', $2, $6::timestamptz)
                """, ["cpn_\(performanceId)", sellerId, performanceId, couponQuantity, couponsIssued, at])
        }
    }

    func placeOrder(_ order: OrderRecord) async throws {
        let seats = String(decoding: try BlobCoding.encode(order.seatIds), as: UTF8.self)
        let applied = String(decoding: try BlobCoding.encode(order.applied), as: UTF8.self)
        try await postgres.pool.query("""
            INSERT INTO ticket_order (id, user_id, performance_id, seller_id, hold_id, seat_ids, subtotal, discount, total,
                applied, status, created_at, updated_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10::jsonb, $11, $12::timestamptz, $12::timestamptz, $13::timestamptz)
            """, [order.id, order.userId, order.performanceId, order.sellerId, order.holdId, seats, order.subtotal,
                  order.discount, order.total, applied, order.status.rawValue, order.createdAt, order.expiresAt])
    }

    /// A compare-and-set on the status from `OrderMachine` (paid_at stamped on every move to paid,
    /// as SQLite's `moveOrder` does), with the event SQLite's moves queue.
    func move(_ orderId: String, _ event: OrderEvent, at: Date) async throws -> Bool {
        let from = OrderMachine.sources(of: event).map(\.rawValue).joined(separator: ",")
        let to = OrderMachine.target(of: event)
        let outboxType: String? = switch event {
        case .gatewayConfirmed: "OrderPaid"
        case .gatewayDeclined: "OrderFailed"
        case .refundCompleted: "OrderRefunded"
        default: nil
        }
        return try await postgres.pool.transaction { connection in
            let moved = try connection.query("""
                UPDATE ticket_order SET status = $2, updated_at = $3::timestamptz,
                    paid_at = CASE WHEN $2 = 'paid' THEN $3::timestamptz ELSE paid_at END
                WHERE id = $1 AND status = ANY(string_to_array($4, ','))
                RETURNING id, user_id, seller_id, performance_id, seat_ids::text AS seats, subtotal, discount, total,
                          applied::text AS applied
                """, [orderId, to.rawValue, at, from]).first
            guard let moved else { return false }
            if let outboxType {
                let payload = OrderEventPayload(
                    orderId: orderId, userId: try moved.decode("user_id"), sellerId: try moved.decode("seller_id"),
                    performanceId: try moved.decode("performance_id"),
                    seatIds: try BlobCoding.decode([String].self, from: Data(try moved.decode("seats", as: String.self).utf8)),
                    subtotal: try moved.decode("subtotal"), discount: try moved.decode("discount"), total: try moved.decode("total"),
                    applied: try BlobCoding.decode([AppliedCoupon].self, from: Data(try moved.decode("applied", as: String.self).utf8)),
                    occurredAt: at)
                try PostgresOutbox.append(on: connection, eventId: "\(outboxType):\(orderId)", aggregateId: orderId,
                                          type: outboxType, payloadJSON: String(decoding: try BlobCoding.encode(payload), as: UTF8.self),
                                          now: at)
            }
            return true
        }
    }

    func close() async { await postgres.pool.shutdown() }
}

/// Orders for the suites: whole seconds, which both stores keep exactly (SQLite keeps
/// milliseconds, PostgreSQL microseconds).
enum Orders {
    /// The start of a UTC day (settlement's default period is a day).
    static let day0 = Date(timeIntervalSince1970: 1_796_515_200)

    static func make(_ id: String, seller: String, performance: String, seats: [String], price: Int = 50_000,
                     applied: [AppliedCoupon] = [], at: Date) -> OrderRecord {
        let subtotal = price * seats.count
        let discount = applied.map(\.amount).reduce(0, +)
        return OrderRecord(id: id, userId: "usr_buyer_\(id)", performanceId: performance, sellerId: seller,
                           holdId: "hld_\(id)", seatIds: seats, subtotal: subtotal, discount: discount,
                           total: subtotal - discount, applied: applied, status: .pendingPayment, createdAt: at,
                           expiresAt: at.addingTimeInterval(600))
    }
}
