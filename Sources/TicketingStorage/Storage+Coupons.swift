import Foundation
import GRDB
import TicketingDomain

extension Storage {
    public func createCoupon(_ record: CouponRecord) async throws {
        let coupon = record.coupon
        let parameters = try BlobCoding.encode(coupon.kind.parameters)
        try await write { db in
            try db.run(sql: """
                INSERT INTO coupon (id, name, kind, parametersJSON, sellerId, performanceId, grade, minSpend,
                                    perTicket, totalQuantity, issuedCount, claimOpensAt, expiresAt, fundedBy,
                                    createdBy, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
                """, arguments: [coupon.id, coupon.name, coupon.kind.name, parameters, coupon.sellerId,
                                 coupon.target.performanceId, coupon.target.grade, coupon.minSpend,
                                 coupon.perTicket, coupon.totalQuantity, coupon.claimOpensAt, coupon.expiresAt,
                                 coupon.fundedBy.rawValue, record.createdBy, record.createdAt])
        }
    }

    public func coupon(id: String) async throws -> CouponRecord? {
        try readNow { db in
            try db.row(sql: "SELECT * FROM coupon WHERE id = ?", arguments: [id]).map(Self.couponRecord(from:))
        }
    }

    /// Every coupon, or those that can discount tickets of `performanceId`: aimed at it (or one of
    /// its grades), at all of its seller's performances, or platform-wide. Oldest first.
    public func coupons(performanceId: String?) async throws -> [CouponRecord] {
        try await pool.read { db in
            let rows: [Row]
            if let performanceId {
                rows = try db.rows(sql: """
                    SELECT * FROM coupon
                    WHERE performanceId = ?
                       OR (performanceId IS NULL
                           AND (sellerId IS NULL OR sellerId = (SELECT sellerId FROM performance WHERE id = ?)))
                    ORDER BY createdAt, id
                    """, arguments: [performanceId, performanceId])
            } else {
                rows = try db.rows(sql: "SELECT * FROM coupon ORDER BY createdAt, id")
            }
            return try rows.map(Self.couponRecord(from:))
        }
    }

    /// The coupon and its durable claimants, read in one transaction so they agree.
    public func couponStock(couponId: String) async throws -> CouponStockSnapshot? {
        try await pool.read { db in
            guard let row = try db.row(sql: "SELECT * FROM coupon WHERE id = ?", arguments: [couponId]) else {
                return nil
            }
            var claimants: [String: String] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT userId, id FROM couponIssuance WHERE couponId = ?",
                                             arguments: [couponId])
            while let claim = try cursor.next() { claimants[claim[0]] = claim[1] }
            return CouponStockSnapshot(coupon: try Self.couponRecord(from: row).coupon, claimants: claimants)
        }
    }

    static func couponRecord(from row: Row) throws -> CouponRecord {
        let coupon = try Coupon(
            storedId: row["id"], name: row["name"], kind: row["kind"],
            parameters: try BlobCoding.decode(CouponKindParameters.self, from: row["parametersJSON"]),
            sellerId: row["sellerId"], performanceId: row["performanceId"], grade: row["grade"],
            minSpend: row["minSpend"], perTicket: row["perTicket"], totalQuantity: row["totalQuantity"],
            claimOpensAt: row["claimOpensAt"], expiresAt: row["expiresAt"], fundedBy: row["fundedBy"])
        return CouponRecord(coupon: coupon, createdBy: row["createdBy"], createdAt: row["createdAt"],
                            issuedCount: row["issuedCount"])
    }
}
