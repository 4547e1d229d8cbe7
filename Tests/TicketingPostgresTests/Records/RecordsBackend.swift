import Foundation
import Testing
import TicketingDomain
import TicketingRecords
import TicketingStorage
@testable import TicketingPostgres

/// The record ports PostgresRecords implements here (accounts … idempotency).
typealias CoreRecords = AccountRecords & VenueRecords & PerformanceRecords & CouponRecordStore & OrderRecordStore
    & PaymentRecords & IdempotencyRecords

/// The contract suites run the same assertions against SQLite (`Storage`, the reference) and
/// PostgreSQL, so a divergence fails on one of them. PostgreSQL only when QT_TEST_POSTGRES_URL is set.
enum RecordsBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var available: [RecordsBackend] { PostgresTestServer.url == nil ? [.sqlite] : [.sqlite, .postgres] }
    var testDescription: String { rawValue }

    /// A fresh, empty store (a temporary directory, or a schema of its own).
    func make(maxConnections: Int = 4) async throws -> RecordsUnderTest {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("qticket-records-\(UUID().uuidString)", isDirectory: true)
            let storage = try Storage(directory: directory)
            return RecordsUnderTest(records: storage, events: { try await storage.pendingEvents(limit: 10_000) }) {
                try? FileManager.default.removeItem(at: directory)
            }
        case .postgres:
            let pool = try await PostgresTestServer.migratedPool(maxConnections: maxConnections)
            return RecordsUnderTest(records: PostgresRecords(pool: pool), events: {
                // The outbox port is another file's; the rows are read as the relay reads them.
                try await pool.query("""
                    SELECT seq, event_id, aggregate_id, type, payload::text AS payload, created_at
                    FROM outbox_event ORDER BY seq
                    """).rows.map { row in
                    OutboxEvent(seq: Int64(try row.decode("seq", as: Int.self)), eventId: try row.decode("event_id"),
                                aggregateId: try row.decode("aggregate_id"), type: try row.decode("type"),
                                payload: Data(try row.decode("payload", as: String.self).utf8),
                                createdAt: try row.decode("created_at"))
                }
            }) { await pool.shutdown() }
        }
    }
}

struct RecordsUnderTest: Sendable {
    let records: any CoreRecords
    /// Every outbox event written so far, in commit order.
    let events: @Sendable () async throws -> [OutboxEvent]
    let teardown: @Sendable () async -> Void
}

/// Fixed instants in whole seconds: SQLite keeps milliseconds, PostgreSQL microseconds.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_796_514_703)
    static let sellerId = "usr_seller"
    static let buyerId = "usr_buyer"
    static let venueId = "ven_1"
    static let performanceId = "prf_1"

    static func user(_ id: String, role: Role = .buyer, email: String? = nil) -> UserRecord {
        UserRecord(id: id, email: email ?? "\(id)@example.com", name: id, role: role, passwordHash: "hash-\(id)",
                   createdAt: t0)
    }

    static func venue(_ id: String = venueId, owner: String = sellerId, at: Date = t0) -> VenueRecord {
        let seats = (1...4).map { LayoutSeat(id: "A-\($0)", section: "A", row: "1", number: $0, x: $0, y: 2) }
        return VenueRecord(id: id, ownerId: owner, name: "Hall \(id)",
                           layout: VenueLayout(width: 10, height: 5, stage: Rect(x: 0, y: 0, width: 10, height: 1), seats: seats),
                           createdAt: at)
    }

    static func performance(_ id: String = performanceId, startsIn days: Double = 30) -> PerformanceRecord {
        let spec = PerformanceSpec(venueId: venueId, title: "Show \(id)", startsAt: t0.addingTimeInterval(86_400 * days),
                                   saleOpensAt: t0.addingTimeInterval(-60),
                                   grades: [GradeSpec(grade: "R", price: 50_000, seatIds: ["A-1", "A-2", "A-3", "A-4"])])
        return PerformanceRecord(id: id, sellerId: sellerId, spec: spec, createdAt: t0)
    }

    /// A seller, a buyer, a venue and a performance.
    static func seed(_ records: any CoreRecords) async throws {
        try await records.createUsers([user(sellerId, role: .seller), user(buyerId)])
        try await records.createVenue(venue())
        try await records.createPerformance(performance())
    }

    static func order(_ id: String, status: OrderStatus = .pendingPayment, seats: [String]? = nil,
                      applied: [AppliedCoupon] = [], userId: String = buyerId, hold: String? = nil) -> OrderRecord {
        let seatIds = seats ?? ["seat-\(id)"]
        let subtotal = 50_000 * seatIds.count
        let discount = applied.reduce(0) { $0 + $1.amount }
        return OrderRecord(id: id, userId: userId, performanceId: performanceId, sellerId: sellerId, holdId: hold ?? "hold-\(id)",
                           seatIds: seatIds, subtotal: subtotal, discount: discount, total: subtotal - discount,
                           applied: applied, status: status, createdAt: t0, expiresAt: t0.addingTimeInterval(600))
    }

    static func coupon(_ id: String, stock: Int, target: CouponTarget = .seller(sellerId)) throws -> CouponRecord {
        let coupon = Coupon(id: id, name: "Coupon \(id)", kind: try FixedAmountCoupon(CouponKindParameters(amount: 5_000)),
                            target: target, minSpend: 10_000, perTicket: false, totalQuantity: stock,
                            expiresAt: t0.addingTimeInterval(86_400), fundedBy: .seller, sellerId: sellerId)
        return CouponRecord(coupon: coupon, createdBy: sellerId, createdAt: t0)
    }
}

/// Runs `body` on a fresh store of `backend` and tears it down whatever happens.
func withRecords(_ backend: RecordsBackend, maxConnections: Int = 4,
                 _ body: (RecordsUnderTest) async throws -> Void) async throws {
    let store = try await backend.make(maxConnections: maxConnections)
    do {
        try await body(store)
    } catch {
        await store.teardown()
        throw error
    }
    await store.teardown()
}
