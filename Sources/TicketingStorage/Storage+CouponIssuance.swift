import Foundation
import GRDB

extension Storage {
    /// Group commit: appends a batch of won claims to the issuance log in one transaction and
    /// returns the entries it refused (by userCouponId). A refused entry does not abort the
    /// others: one bad entry must not cost a whole batch of buyers their coupons.
    public func appendIssuances(_ batch: [CouponIssuance]) async throws -> [String: IssuanceRejection] {
        try await write { db in try Self.appendIssuances(db, batch) }
    }

    /// The same, inside a caller's transaction.
    public static func appendIssuances(_ db: Database, _ batch: [CouponIssuance]) throws -> [String: IssuanceRejection] {
        var rejected: [String: IssuanceRejection] = [:]
        // Prepared once per connection and reused: a batch runs these hundreds of times.
        let userExists = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM user WHERE id = ?)")
        let insert = try db.cachedStatement(sql: """
            INSERT INTO couponIssuance (id, couponId, userId, claimedAt) VALUES (?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        for (couponId, entries) in Dictionary(grouping: batch, by: \.couponId) {
            guard let stock = try db.row(sql: "SELECT issuedCount, totalQuantity FROM coupon WHERE id = ?",
                                               arguments: [couponId]) else {
                for entry in entries { rejected[entry.id] = .unknownCoupon }
                continue
            }
            var issued: Int = stock[0]
            let total: Int = stock[1]
            for entry in entries {
                guard issued < total else {
                    rejected[entry.id] = .soldOut
                    continue
                }
                guard try Bool.fetchOne(userExists, arguments: [entry.userId]) == true else {
                    rejected[entry.id] = .unknownUser
                    continue
                }
                try insert.execute(arguments: [entry.id, couponId, entry.userId, entry.claimedAt])
                if db.changesCount == 1 {
                    issued += 1
                } else {
                    rejected[entry.id] = .duplicate
                }
            }
            try db.run(sql: "UPDATE coupon SET issuedCount = ? WHERE id = ?", arguments: [issued, couponId])
        }
        return rejected
    }
}
