/// A coupon's FCFS stock in Redis: one script changes stock and claimant together.
///
/// Durability: the server runs with `appendonly yes` and `appendfsync always`, under which Redis
/// fsyncs the AOF before it sends the script's reply, so a `won` the buyer sees survives a crash.
/// The cost of that choice is measured in BENCHMARKS.md ("Scale-out foundations").
public struct RedisCouponStock: Sendable {
    public enum Claim: Sendable, Equatable {
        case won(userCouponId: String)
        case already(userCouponId: String)
        case soldOut
        case unloaded
    }

    public let pool: RedisPool
    public let keys: CouponKeys

    public init(pool: RedisPool, keys: CouponKeys) {
        self.pool = pool
        self.keys = keys
    }

    /// Loads what the issuance log says (remaining stock, buyer → user-coupon id), once.
    @discardableResult
    public func load(remaining: Int, claimants: [String: String]) async throws -> Bool {
        let pairs = claimants.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        let reply = try await pool.evaluate(CouponScripts.load, keys: [keys.stock, keys.claimants],
                                            arguments: [String(remaining)] + pairs)
        return reply.int == 1
    }

    public func claim(buyer: String, userCouponId: String) async throws -> Claim {
        let (tag, rest) = try await pool.evaluate(CouponScripts.claim, keys: [keys.stock, keys.claimants],
                                                  arguments: [buyer, userCouponId]).tagged("coupon.claim")
        switch (tag, rest.first?.string) {
        case ("won", let id?): return .won(userCouponId: id)
        case ("already", let id?): return .already(userCouponId: id)
        case ("soldout", _): return .soldOut
        case ("unloaded", _): return .unloaded
        default: throw RedisError.unexpectedReply("coupon.claim replied \(tag) \(rest)")
        }
    }

    public func remaining() async throws -> Int? {
        try await pool.command(["GET", keys.stock]).int
    }

    public func claimants() async throws -> [String: String] {
        let reply = try await pool.command(["HGETALL", keys.claimants])
        let items = reply.array?.compactMap(\.string) ?? []
        var result: [String: String] = [:]
        for index in stride(from: 0, to: items.count - 1, by: 2) { result[items[index]] = items[index + 1] }
        return result
    }
}
