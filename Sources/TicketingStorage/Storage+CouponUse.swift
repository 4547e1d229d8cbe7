import Foundation
import GRDB
import TicketingDomain

/// The buyer's durable coupons and the hooks checkout and refunds call inside their own
/// transactions (the `Database` variants), so an order and its coupons change together.
extension Storage {
    /// Issued and used coupons of `userId`, oldest claim first, with full kind parameters.
    /// Pending claims are not here: they are not in the log yet.
    public func userCoupons(userId: String) async throws -> [UserCoupon] {
        try readNow { db in try Self.userCoupons(db, userId: userId) }
    }

    /// `ids` narrows the result to those userCouponIds (checkout reads just the ones it applies).
    public static func userCoupons(_ db: Database, userId: String, ids: [String]? = nil) throws -> [UserCoupon] {
        var sql = """
            SELECT i.id AS userCouponId, i.userId, i.claimedAt, u.orderId AS usedByOrder, c.*
            FROM couponIssuance i
            JOIN coupon c ON c.id = i.couponId
            LEFT JOIN couponUse u ON u.userCouponId = i.id
            WHERE i.userId = ?
            """
        var arguments: StatementArguments = [userId]
        if let ids {
            guard !ids.isEmpty else { return [] }
            sql += " AND i.id IN (\(databaseQuestionMarks(count: ids.count)))"
            arguments += StatementArguments(ids)
        }
        sql += " ORDER BY i.seq"
        return try db.rows(sql: sql, arguments: arguments).map { row in
            let orderId: String? = row["usedByOrder"]
            return UserCoupon(id: row["userCouponId"], userId: row["userId"],
                              coupon: try couponRecord(from: row).coupon,
                              status: orderId == nil ? .issued : .used, claimedAt: row["claimedAt"], orderId: orderId)
        }
    }

    public func markCouponsUsed(userCouponIds: [String], userId: String, orderId: String, at now: Date) async throws {
        try await write { db in
            try Self.markCouponsUsed(db, userCouponIds: userCouponIds, userId: userId, orderId: orderId, at: now)
        }
    }

    /// All or nothing: throws `CouponUseError` (and writes nothing) unless every id is an issued,
    /// unused coupon of `userId`. Validity (expiry, target) is the caller's domain check.
    public static func markCouponsUsed(_ db: Database, userCouponIds: [String], userId: String, orderId: String,
                                       at now: Date) throws {
        let wanted = Set(userCouponIds)
        let owned = try userCoupons(db, userId: userId, ids: Array(wanted))
        let missing = wanted.subtracting(owned.map(\.id))
        if !missing.isEmpty { throw CouponUseError.notIssued(missing.sorted()) }
        let used = owned.filter { $0.status == .used }.map(\.id)
        if !used.isEmpty { throw CouponUseError.alreadyUsed(used.sorted()) }
        for id in wanted {
            try db.run(sql: "INSERT INTO couponUse (userCouponId, orderId, usedAt) VALUES (?, ?, ?)",
                           arguments: [id, orderId, now])
        }
    }

    @discardableResult
    public func returnCoupons(userCouponIds: [String], orderId: String) async throws -> Int {
        try await write { db in try Self.returnCoupons(db, userCouponIds: userCouponIds, orderId: orderId) }
    }

    /// Makes the coupons `issued` again, but only where `orderId` is the order using them: a
    /// refund event delivered twice (the outbox is at-least-once) must not free a coupon that a
    /// later order has used since. Returns how many were returned.
    @discardableResult
    public static func returnCoupons(_ db: Database, userCouponIds: [String], orderId: String) throws -> Int {
        guard !userCouponIds.isEmpty else { return 0 }
        try db.run(sql: """
            DELETE FROM couponUse WHERE orderId = ? AND userCouponId IN (\(databaseQuestionMarks(count: userCouponIds.count)))
            """, arguments: [orderId] + StatementArguments(userCouponIds))
        return db.changesCount
    }
}
