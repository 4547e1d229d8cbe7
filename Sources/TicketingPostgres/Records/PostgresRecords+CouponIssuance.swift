import Foundation
import TicketingDomain
import TicketingRecords

/// The issuance log (the durable side of a claim) and coupon use by orders, with the `connection`
/// variants checkout and refunds call inside their own transactions.
extension PostgresRecords {
    /// Group commit: appends a batch of won claims in one transaction and returns the entries it
    /// refused (by userCouponId); a refused entry does not abort the others.
    public func appendIssuances(_ batch: [CouponIssuance]) async throws -> [String: IssuanceRejection] {
        try await write { c in try Self.appendIssuances(c, batch) }
    }

    /// Each coupon row is locked (in id order, so two batches cannot deadlock) while its entries
    /// are counted against its stock: nodes appending at once serialise per coupon, as SQLite's
    /// single writer does. The entries are judged in batch order exactly as SQLite's one insert
    /// per entry judges them, but from two reads, then written in one statement: a round trip per
    /// entry was most of a batch's time.
    static func appendIssuances(_ c: isolated PostgresConnection,
                                _ batch: [CouponIssuance]) throws -> [String: IssuanceRejection] {
        var rejected: [String: IssuanceRejection] = [:]
        let known = Set(try c.query("SELECT id FROM app_user WHERE id = ANY($1::text[])",
                                    [PostgresTextArray(Array(Set(batch.map(\.userId))))])
            .rows.map { try $0.decode("id", as: String.self) })
        var takenIds: Set<String> = []
        for (couponId, entries) in Dictionary(grouping: batch, by: \.couponId).sorted(by: { $0.key < $1.key }) {
            guard let stock = try c.query("SELECT issued_count, total_quantity FROM coupon WHERE id = $1 FOR UPDATE",
                                          [couponId]).first else {
                for entry in entries { rejected[entry.id] = .unknownCoupon }
                continue
            }
            var issued: Int = try stock.decode("issued_count")
            let total: Int = try stock.decode("total_quantity")
            // What the log already holds that these entries would collide with (the unique keys).
            let existing = try c.query("""
                SELECT id, user_id, coupon_id = $1 AS same_coupon FROM coupon_issuance
                WHERE id = ANY($2::text[]) OR (coupon_id = $1 AND user_id = ANY($3::text[]))
                """, [couponId, PostgresTextArray(entries.map(\.id)), PostgresTextArray(entries.map(\.userId))]).rows
            var claimants: Set<String> = []
            for row in existing {
                takenIds.insert(try row.decode("id"))
                if try row.decode("same_coupon", as: Bool.self) { claimants.insert(try row.decode("user_id")) }
            }
            var accepted: [CouponIssuance] = []
            for entry in entries {
                guard issued < total else {
                    rejected[entry.id] = .soldOut
                    continue
                }
                guard known.contains(entry.userId) else {
                    rejected[entry.id] = .unknownUser
                    continue
                }
                guard !takenIds.contains(entry.id), !claimants.contains(entry.userId) else {
                    rejected[entry.id] = .duplicate
                    continue
                }
                takenIds.insert(entry.id)
                claimants.insert(entry.userId)
                accepted.append(entry)
                issued += 1
            }
            guard !accepted.isEmpty else { continue }
            let inserted = Set(try c.query("""
                INSERT INTO coupon_issuance (id, coupon_id, user_id, claimed_at)
                SELECT id, $1, user_id, claimed_at FROM unnest($2::text[], $3::text[], $4::timestamptz[])
                    WITH ORDINALITY AS entry (id, user_id, claimed_at, position)
                ORDER BY position
                ON CONFLICT DO NOTHING
                RETURNING id
                """, [couponId, PostgresTextArray(accepted.map(\.id)), PostgresTextArray(accepted.map(\.userId)),
                      PostgresTextArray(accepted.map(\.claimedAt.postgresText))]).rows.map { try $0.decode("id", as: String.self) })
            // Only an id another coupon's batch took since the read above can miss here.
            for entry in accepted where !inserted.contains(entry.id) {
                rejected[entry.id] = .duplicate
                issued -= 1
            }
            try c.query("UPDATE coupon SET issued_count = $1 WHERE id = $2", [issued, couponId])
        }
        return rejected
    }

    /// Issued and used coupons of `userId`, oldest claim first, with full kind parameters.
    public func userCoupons(userId: String) async throws -> [UserCoupon] {
        try await snapshot { c in try Self.userCoupons(c, userId: userId) }
    }

    /// `ids` narrows the result to those userCouponIds (checkout reads just the ones it applies).
    static func userCoupons(_ c: isolated PostgresConnection, userId: String, ids: [String]? = nil) throws -> [UserCoupon] {
        var sql = """
            SELECT i.id AS user_coupon_id, i.user_id AS claimant_id, i.claimed_at, u.order_id AS used_by_order, c.*
            FROM coupon_issuance i
            JOIN coupon c ON c.id = i.coupon_id
            LEFT JOIN coupon_use u ON u.user_coupon_id = i.id
            WHERE i.user_id = $1
            """
        var parameters: [(any PostgresEncodable)?] = [userId]
        if let ids {
            guard !ids.isEmpty else { return [] }
            sql += " AND i.id = ANY($2::text[])"
            parameters.append(PostgresTextArray(ids))
        }
        sql += " ORDER BY i.seq"
        return try c.query(sql, parameters).rows.map { row in
            let orderId: String? = try row.optional("used_by_order")
            return UserCoupon(id: try row.decode("user_coupon_id"), userId: try row.decode("claimant_id"),
                              coupon: try couponRecord(from: row).coupon, status: orderId == nil ? .issued : .used,
                              claimedAt: try row.decode("claimed_at"), orderId: orderId)
        }
    }

    public func markCouponsUsed(userCouponIds: [String], userId: String, orderId: String, at now: Date) async throws {
        try await write { c in
            try Self.markCouponsUsed(c, userCouponIds: userCouponIds, userId: userId, orderId: orderId, at: now)
        }
    }

    /// All or nothing: throws `CouponUseError` (and writes nothing) unless every id is an issued,
    /// unused coupon of `userId`. The log rows are locked first (in id order) so two orders
    /// spending one coupon at once queue here and the second sees the first's use.
    static func markCouponsUsed(_ c: isolated PostgresConnection, userCouponIds: [String], userId: String,
                                orderId: String, at now: Date) throws {
        let wanted = Set(userCouponIds)
        try c.query("""
            SELECT id FROM coupon_issuance WHERE user_id = $1 AND id = ANY($2::text[]) ORDER BY id COLLATE "C" FOR UPDATE
            """, [userId, PostgresTextArray(Array(wanted))])
        let owned = try userCoupons(c, userId: userId, ids: Array(wanted))
        let missing = wanted.subtracting(owned.map(\.id))
        if !missing.isEmpty { throw CouponUseError.notIssued(missing.sorted()) }
        let used = owned.filter { $0.status == .used }.map(\.id)
        if !used.isEmpty { throw CouponUseError.alreadyUsed(used.sorted()) }
        try c.query("""
            INSERT INTO coupon_use (user_coupon_id, order_id, used_at)
            SELECT id, $2, $3::timestamptz FROM unnest($1::text[]) AS id
            """, [PostgresTextArray(Array(wanted)), orderId, now])
    }

    @discardableResult
    public func returnCoupons(userCouponIds: [String], orderId: String) async throws -> Int {
        try await write { c in try Self.returnCoupons(c, userCouponIds: userCouponIds, orderId: orderId) }
    }

    /// Makes the coupons `issued` again, but only where `orderId` is the order using them: a
    /// refund event delivered twice must not free a coupon a later order has used since.
    @discardableResult
    static func returnCoupons(_ c: isolated PostgresConnection, userCouponIds: [String], orderId: String) throws -> Int {
        guard !userCouponIds.isEmpty else { return 0 }
        return try c.query("DELETE FROM coupon_use WHERE order_id = $1 AND user_coupon_id = ANY($2::text[])",
                           [orderId, PostgresTextArray(userCouponIds)]).affected
    }
}
