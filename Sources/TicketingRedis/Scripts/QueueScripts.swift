/// Waiting-room scripts. `joined` keeps each buyer's join order while they wait or are admitted.
/// KEYS layout of every queue script: 1 sequence, 2 line, 3 joined,
/// 4 admitted, 5 admission, 6 version, 7 events, 8 inventory.
enum QueueScripts {
    /// Gives a buyer a place once: a second join (another node, a retry) while the buyer waits or
    /// holds a live admission returns that place; after the admission is over a join goes to the
    /// back, as in the embedded waiting room. ARGV: buyer, nowMs.
    /// Replies `{joinOrder, rank or -1 when admitted, 1 if this call joined}`.
    static let join = RedisScript(name: "queue.join", source: """
    local order = redis.call('HGET', KEYS[3], ARGV[1])
    if order and not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
      local expires = redis.call('ZSCORE', KEYS[4], ARGV[1])
      if not expires or tonumber(expires) <= tonumber(ARGV[2]) then order = false end
    end
    local fresh = 0
    if not order then
      order = redis.call('INCR', KEYS[1])
      redis.call('HSET', KEYS[3], ARGV[1], order)
      redis.call('ZADD', KEYS[2], order, ARGV[1])
      fresh = 1
    end
    local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
    if not rank then rank = -1 end
    return {tonumber(order), rank, fresh}
    """)

    /// A buyer's view. ARGV: buyer, nowMs. Replies `{rank or -1, live admission expiry ms or -1,
    /// available, held, maxPerOrder}`.
    static let status = RedisScript(name: "queue.status", source: """
    local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
    local expires = redis.call('ZSCORE', KEYS[4], ARGV[1])
    if expires and tonumber(expires) <= tonumber(ARGV[2]) then expires = false end
    local inv = redis.call('HMGET', KEYS[8], 'available', 'held', 'maxPerOrder')
    return {rank or -1, expires and tonumber(expires) or -1,
            tonumber(inv[1]) or 0, tonumber(inv[2]) or 0, tonumber(inv[3]) or 1}
    """)

    /// Admission by credit: adds `rate × elapsed` (at most one second banked, so a stall never
    /// releases a flood), frees expired admissions, then admits the head of the line while the
    /// credit is ≥ 1, fewer than maxActive are admitted and the performance is not sold out. Any
    /// node may run it at any time: Redis runs scripts one at a time, and the credit is spent here,
    /// so N nodes ticking together admit no more than one node would. ARGV: nowMs, admissionTTLms.
    /// Replies `{version or 0, soldOut 1/0, expiresMs, buyer…}`.
    static let admit = RedisScript(name: "queue.admit", source: """
    local now = tonumber(ARGV[1])
    local policy = redis.call('HMGET', KEYS[5], 'rate', 'maxActive', 'credit', 'refilledAt', 'soldOutSent')
    local rate, max_active = tonumber(policy[1]), tonumber(policy[2])
    if not rate or not max_active then return redis.error_reply('ERR admission is not configured') end
    local credit = tonumber(policy[3]) or 0
    local refilled = tonumber(policy[4]) or now
    if now > refilled then
      credit = math.min(rate, credit + (now - refilled) * rate / 1000)
      refilled = now
    end
    redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
    local inv = redis.call('HMGET', KEYS[8], 'available', 'held')
    local sold_out = (tonumber(inv[1]) or 0) == 0 and (tonumber(inv[2]) or 0) == 0
    local expires = now + tonumber(ARGV[2])
    local admitted = {}
    if not sold_out then
      local slots = math.min(math.floor(credit), max_active - redis.call('ZCARD', KEYS[4]))
      if slots > 0 then
        local popped = redis.call('ZPOPMIN', KEYS[2], slots)
        for i = 1, #popped, 2 do
          redis.call('ZADD', KEYS[4], expires, popped[i])
          admitted[#admitted + 1] = popped[i]
        end
        credit = credit - #admitted
      end
    end
    redis.call('HSET', KEYS[5], 'credit', tostring(credit), 'refilledAt', refilled)
    local version = 0
    local function emit(kind, field, value)
      local v = redis.call('INCR', KEYS[6])
      redis.call('XADD', KEYS[7], 'MAXLEN', '~', '100000', v .. '-0', 'v', v, 'type', kind, field, value)
      return v
    end
    if #admitted > 0 then version = emit('admitted', 'count', #admitted) end
    if sold_out and not policy[5] then
      redis.call('HSET', KEYS[5], 'soldOutSent', 1)
      version = emit('soldout', 'count', 0)
    end
    local reply = {version, sold_out and 1 or 0, expires}
    for _, buyer in ipairs(admitted) do reply[#reply + 1] = buyer end
    return reply
    """)
}
