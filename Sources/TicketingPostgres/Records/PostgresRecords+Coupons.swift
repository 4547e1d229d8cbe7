import Foundation
import TicketingDomain
import TicketingRecords

extension PostgresRecords: CouponRecordStore {
    public func createCoupon(_ record: CouponRecord) async throws {
        let coupon = record.coupon
        try await pool.query("""
            INSERT INTO coupon (id, name, kind, parameters, seller_id, performance_id, grade, min_spend, per_ticket,
                                total_quantity, issued_count, claim_opens_at, expires_at, funded_by, created_by, created_at)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, 0, $11::timestamptz, $12::timestamptz, $13, $14,
                    $15::timestamptz)
            """, [coupon.id, coupon.name, coupon.kind.name, try PostgresJSON(coupon.kind.parameters), coupon.sellerId,
                  coupon.target.performanceId, coupon.target.grade, coupon.minSpend, coupon.perTicket,
                  coupon.totalQuantity, coupon.claimOpensAt, coupon.expiresAt, coupon.fundedBy.rawValue,
                  record.createdBy, record.createdAt])
    }

    public func coupon(id: String) async throws -> CouponRecord? {
        try await pool.query("SELECT * FROM coupon WHERE id = $1", [id]).first.map(Self.couponRecord(from:))
    }

    /// Every coupon, or those that can discount tickets of `performanceId`: aimed at it (or one of
    /// its grades), at all of its seller's performances, or platform-wide. Oldest first.
    public func coupons(performanceId: String?) async throws -> [CouponRecord] {
        let rows = if let performanceId {
            try await pool.query("""
                SELECT * FROM coupon
                WHERE performance_id = $1
                   OR (performance_id IS NULL
                       AND (seller_id IS NULL OR seller_id = (SELECT seller_id FROM performance WHERE id = $1)))
                ORDER BY created_at, id COLLATE "C"
                """, [performanceId])
        } else {
            try await pool.query("SELECT * FROM coupon ORDER BY created_at, id COLLATE \"C\"")
        }
        return try rows.rows.map(Self.couponRecord(from:))
    }

    /// The coupon and its durable claimants, read in one snapshot so they agree.
    public func couponStock(couponId: String) async throws -> CouponStockSnapshot? {
        try await snapshot { c in
            guard let row = try c.query("SELECT * FROM coupon WHERE id = $1", [couponId]).first else { return nil }
            var claimants: [String: String] = [:]
            for claim in try c.query("SELECT user_id, id FROM coupon_issuance WHERE coupon_id = $1", [couponId]).rows {
                claimants[try claim.decode("user_id")] = try claim.decode("id")
            }
            return CouponStockSnapshot(coupon: try Self.couponRecord(from: row).coupon, claimants: claimants)
        }
    }

    static func couponRecord(from row: PostgresRow) throws -> CouponRecord {
        let coupon = try Coupon(
            storedId: try row.decode("id"), name: try row.decode("name"), kind: try row.decode("kind"),
            parameters: try PostgresJSON.decode(CouponKindParameters.self, row, "parameters"),
            sellerId: try row.optional("seller_id"), performanceId: try row.optional("performance_id"),
            grade: try row.optional("grade"), minSpend: try row.decode("min_spend"), perTicket: try row.decode("per_ticket"),
            totalQuantity: try row.decode("total_quantity"), claimOpensAt: try row.optional("claim_opens_at"),
            expiresAt: try row.optional("expires_at"), fundedBy: try row.decode("funded_by"))
        return CouponRecord(coupon: coupon, createdBy: try row.decode("created_by"), createdAt: try row.decode("created_at"),
                            issuedCount: try row.decode("issued_count"))
    }
}
