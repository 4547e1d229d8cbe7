/// Coupon scripts. KEYS: 1 stock, 2 claimants.
enum CouponScripts {
    /// Stock and claimant change in the same step: no decrement-then-compensate, no window
    /// between reading the stock and taking it. ARGV: buyer, userCouponId (used if this call wins).
    /// Replies `{'won', id}`, `{'already', id}` (the buyer's earlier win), `{'soldout'}` or
    /// `{'unloaded'}` (the stock was never loaded into Redis).
    static let claim = RedisScript(name: "coupon.claim", source: """
    local earlier = redis.call('HGET', KEYS[2], ARGV[1])
    if earlier then return {'already', earlier} end
    local stock = redis.call('GET', KEYS[1])
    if not stock then return {'unloaded'} end
    if tonumber(stock) <= 0 then return {'soldout'} end
    redis.call('DECR', KEYS[1])
    redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
    return {'won', ARGV[2]}
    """)

    /// Loads stock and claimants from the durable issuance log once; a node that loads after
    /// another changes nothing. ARGV: stock, buyer, id, buyer, id…  Replies 1 if it loaded.
    static let load = RedisScript(name: "coupon.load", source: """
    if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
    for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
    redis.call('SET', KEYS[1], ARGV[1])
    return 1
    """)
}
