/// Waiting-room scripts. `joined` keeps each buyer's join order while they wait or are admitted.
/// KEYS layout of every queue script: 1 sequence, 2 line, 3 joined,
/// 4 admitted, 5 admission, 6 version, 7 events, 8 inventory, 9 notices, 10 admission times,
/// 11 pre-queue, 12 disconnected, 13 line version, 14 line events.
/// Every change of the line goes to the line stream in the same step (`line_event`), so a
/// node's `LineMirror` stays exact.
enum QueueScripts {
    /// `line_event` bumps the line version and appends the change under the id `<version>-0`:
    /// `j` joined, `x` left (a leave or an expired disconnect grace), `a` the first `n` admitted,
    /// the last of them being `s`/`m`. Scores go as integers printed in full (`%d`: pre-queue
    /// scores need all 16 digits, which `tostring` would round).
    static let prelude = """
    local function line_event(kind, score, member, count)
      local v = redis.call('INCR', KEYS[13])
      redis.call('XADD', KEYS[14], 'MAXLEN', '~', '100000', v .. '-0', 't', kind,
                 's', string.format('%d', tonumber(score)), 'm', member, 'n', count or 1)
    end

    """

    /// Gives a buyer a place once: a second join (another node, a retry) while the buyer waits or
    /// holds a live admission returns that place; after the admission is over a join goes to the
    /// back, as in the embedded waiting room. ARGV: buyer, nowMs, pre-queue score (empty after
    /// the opening): a buyer who joins before the opening is placed by that score, which sorts
    /// below every join order, so the pre-queue's shuffled order comes first.
    /// Replies `{joinOrder, rank or -1 when admitted, 1 if this call joined}`.
    static let join = RedisScript(name: "queue.join", source: prelude + """
    redis.call('ZREM', KEYS[12], ARGV[1])
    local order = redis.call('HGET', KEYS[3], ARGV[1])
    if order and not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
      local expires = redis.call('ZSCORE', KEYS[4], ARGV[1])
      if not expires or tonumber(expires) <= tonumber(ARGV[2]) then order = false end
    end
    local fresh = 0
    if not order then
      order = redis.call('INCR', KEYS[1])
      redis.call('HSET', KEYS[3], ARGV[1], order)
      if ARGV[3] and ARGV[3] ~= '' then
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        redis.call('ZADD', KEYS[11], ARGV[3], ARGV[1])
        line_event('j', ARGV[3], ARGV[1])
      else
        redis.call('ZADD', KEYS[2], order, ARGV[1])
        line_event('j', order, ARGV[1])
      end
      fresh = 1
    end
    local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
    if not rank then rank = -1 end
    return {tonumber(order), rank, fresh}
    """)

    /// A buyer's view; asking is a sign of life, which ends a disconnect grace. ARGV: buyer,
    /// nowMs. Replies `{rank or -1, live admission expiry ms or -1, available, held, maxPerOrder}`.
    static let status = RedisScript(name: "queue.status", source: """
    redis.call('ZREM', KEYS[12], ARGV[1])
    local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
    local expires = redis.call('ZSCORE', KEYS[4], ARGV[1])
    if expires and tonumber(expires) <= tonumber(ARGV[2]) then expires = false end
    local inv = redis.call('HMGET', KEYS[8], 'available', 'held', 'maxPerOrder')
    return {rank or -1, expires and tonumber(expires) or -1,
            tonumber(inv[1]) or 0, tonumber(inv[2]) or 0, tonumber(inv[3]) or 1}
    """)

    /// Admission by credit: adds `rate × elapsed` (at most one second banked, and at least one
    /// admission, so a stall never releases a flood and a rate below one still admits), frees
    /// expired admissions, then admits the head of the line while the credit is ≥ 1, fewer than
    /// maxActive are admitted and each admission has a free seat to go to (admitting past them
    /// only sends buyers to refusals; a seat coming back resumes the line). Any node may run it at
    /// any time: Redis runs scripts one at a time, and the credit is spent here, so N nodes
    /// ticking together admit no more than one node would. The rules are `WaitingRoom.tick`'s.
    /// First, waiting buyers disconnected for the grace or longer leave the line (ARGV[3], ms;
    /// empty: no grace).
    /// ARGV: nowMs, admissionTTLms, graceMs. Replies `{0, soldOut 1/0, expiresMs, buyer…}`; admissions and
    /// the sold-out signal (once) go to the notices stream, not the seat versions.
    static let admit = RedisScript(name: "queue.admit", source: prelude + """
    local now = tonumber(ARGV[1])
    local policy = redis.call('HMGET', KEYS[5], 'rate', 'maxActive', 'credit', 'refilledAt', 'soldOutSent')
    local rate, max_active = tonumber(policy[1]), tonumber(policy[2])
    if not rate or not max_active then return redis.error_reply('ERR admission is not configured') end
    local credit = tonumber(policy[3]) or 0
    local refilled = tonumber(policy[4]) or now
    if now > refilled then
      credit = math.min(math.max(1, rate), credit + (now - refilled) * rate / 1000)
      refilled = now
    end
    redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
    if ARGV[3] and ARGV[3] ~= '' then
      local gone = redis.call('ZRANGEBYSCORE', KEYS[12], '-inf', now - tonumber(ARGV[3]))
      for _, buyer in ipairs(gone) do
        local score = redis.call('ZSCORE', KEYS[2], buyer)
        if score then
          redis.call('ZREM', KEYS[2], buyer)
          line_event('x', score, buyer)
        end
        redis.call('ZREM', KEYS[12], buyer)
      end
    end
    local inv = redis.call('HMGET', KEYS[8], 'available', 'held')
    local available = tonumber(inv[1]) or 0
    local sold_out = available == 0 and (tonumber(inv[2]) or 0) == 0
    local expires = now + tonumber(ARGV[2])
    local admitted = {}
    if not sold_out and now >= refilled then
      local active = redis.call('ZCARD', KEYS[4])
      local slots = math.min(math.floor(credit), max_active - active, available)
      if slots > 0 then
        local popped = redis.call('ZPOPMIN', KEYS[2], slots)
        for i = 1, #popped, 2 do
          -- The grace guards a place in line; an admission lasts until its own expiry.
          redis.call('ZREM', KEYS[12], popped[i])
          redis.call('ZADD', KEYS[4], expires, popped[i])
          admitted[#admitted + 1] = popped[i]
        end
        credit = credit - #admitted
        if #admitted > 0 then line_event('a', popped[#popped], popped[#popped - 1], #admitted) end
      end
      if active + #admitted >= max_active then credit = math.min(credit, 1) end
    end
    redis.call('HSET', KEYS[5], 'credit', tostring(credit), 'refilledAt', refilled)
    if #admitted > 0 then
      redis.call('XADD', KEYS[9], 'MAXLEN', '~', '10000', '*', 'type', 'admitted',
                 'buyers', cjson.encode(admitted), 'expires', expires)
      redis.call('ZADD', KEYS[10], now, now .. ':' .. #admitted)
      redis.call('ZREMRANGEBYSCORE', KEYS[10], '-inf', now - 30000)
    end
    if sold_out and not policy[5] then
      redis.call('HSET', KEYS[5], 'soldOutSent', 1)
      redis.call('XADD', KEYS[9], 'MAXLEN', '~', '10000', '*', 'type', 'soldout')
    end
    local reply = {0, sold_out and 1 or 0, expires}
    for _, buyer in ipairs(admitted) do reply[#reply + 1] = buyer end
    return reply
    """)

    /// The buyer's last socket closed: a waiting buyer's grace starts. ARGV: buyer, nowMs.
    static let disconnected = RedisScript(name: "queue.disconnected", source: """
    if redis.call('ZSCORE', KEYS[2], ARGV[1]) then redis.call('ZADD', KEYS[12], ARGV[2], ARGV[1]) end
    return 0
    """)

    /// Takes the buyer out of the line, or ends a live admission. ARGV: buyer, nowMs.
    /// Replies 1 when there was something to leave, 0 otherwise.
    static let leave = RedisScript(name: "queue.leave", source: prelude + """
    local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
    if score then
      redis.call('ZREM', KEYS[2], ARGV[1])
      line_event('x', score, ARGV[1])
      return 1
    end
    local expires = redis.call('ZSCORE', KEYS[4], ARGV[1])
    if not expires then return 0 end
    redis.call('ZREM', KEYS[4], ARGV[1])
    if tonumber(expires) > tonumber(ARGV[2]) then return 1 end
    return 0
    """)

    /// The whole line with its version, in one step so the two agree: where a node's copy
    /// starts. Replies `{version, member, score, …}` (scores as `%d` strings).
    static let lineSnapshot = RedisScript(name: "queue.lineSnapshot", source: """
    local reply = {tonumber(redis.call('GET', KEYS[13]) or '0')}
    local all = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
    for i = 1, #all, 2 do
      reply[#reply + 1] = all[i]
      reply[#reply + 1] = string.format('%d', tonumber(all[i + 1]))
    end
    return reply
    """)
}
