/// Seat scripts. Seat states in the seats hash: `f` free, `h:<holdId>` held, `s:<orderId>` sold;
/// a seat that is not a field does not exist in the hall.
enum SeatScripts {
    /// Takes every requested seat or none. ARGV: holdId, buyer, deadlineMs, admittedAtMs (empty:
    /// no admission check), seats…
    /// Replies `{'held', version}`, `{'taken', seat…}` (every seat taken), `{'unknown', seat}`,
    /// `{'duplicate', seat}`, `{'toomany', maxPerOrder}`, `{'pinned'}` (the buyer's current hold
    /// is being paid) or `{'notadmitted'}` (no live admission at admittedAtMs, checked in the
    /// same step as the hold, so an admission cannot end between check and hold).
    /// A retried request (same hold id) answers `held` again without changing anything; the
    /// buyer's previous hold is released in the same step, only when the new one succeeds.
    static let hold = RedisScript(name: "seats.hold", source: LuaPrelude.source + """
    local hold_id, buyer, deadline = ARGV[1], ARGV[2], tonumber(ARGV[3])
    local existing = redis.call('HGET', KEYS[2], hold_id)
    if existing then return {'held', cjson.decode(existing).v} end
    if ARGV[4] ~= '' then
      local expires = redis.call('ZSCORE', KEYS[8], buyer)
      if not expires or tonumber(expires) <= tonumber(ARGV[4]) then return {'notadmitted'} end
    end
    local limit = tonumber(redis.call('HGET', KEYS[5], 'maxPerOrder') or '0')
    if #ARGV - 4 > limit then return {'toomany', limit} end
    local previous = redis.call('HGET', KEYS[4], buyer)
    local previous_tag = previous and ('h:' .. previous) or nil
    local seats, seen, taken = {}, {}, {}
    for i = 5, #ARGV do
      local seat = ARGV[i]
      if seen[seat] then return {'duplicate', seat} end
      seen[seat] = true
      local state = redis.call('HGET', KEYS[1], seat)
      if not state then return {'unknown', seat} end
      if state ~= 'f' and state ~= previous_tag then taken[#taken + 1] = seat end
      seats[#seats + 1] = seat
    end
    if previous then
      local previous_hold = redis.call('HGET', KEYS[2], previous)
      if previous_hold and cjson.decode(previous_hold).o then return {'pinned'} end
    end
    if #taken > 0 then
      local reply = {'taken'}
      for _, seat in ipairs(taken) do reply[#reply + 1] = seat end
      return reply
    end
    local changes = {}
    if previous then free_hold(previous, changes) end
    local tag = 'h:' .. hold_id
    for _, seat in ipairs(seats) do
      redis.call('HSET', KEYS[1], seat, tag)
      changes[seat] = 'held'
    end
    redis.call('HINCRBY', KEYS[5], 'available', -#seats)
    redis.call('HINCRBY', KEYS[5], 'held', #seats)
    local v = emit('seats', 'changes', cjson.encode(changes))
    redis.call('HSET', KEYS[2], hold_id, cjson.encode({u = buyer, s = seats, d = deadline, v = v}))
    redis.call('ZADD', KEYS[3], deadline, hold_id)
    redis.call('HSET', KEYS[4], buyer, hold_id)
    return {'held', v}
    """)

    /// Returns a hold's seats now. ARGV: holdId, buyer (empty: any, even one being paid).
    /// Replies `{'released', v}`, `{'missing'}`, `{'notyours'}` or `{'pinned'}`.
    static let release = RedisScript(name: "seats.release", source: LuaPrelude.source + """
    local json = redis.call('HGET', KEYS[2], ARGV[1])
    if not json then return {'missing'} end
    if ARGV[2] ~= '' then
      local hold = cjson.decode(json)
      if hold.u ~= ARGV[2] then return {'notyours'} end
      if hold.o then return {'pinned'} end
    end
    local changes = {}
    free_hold(ARGV[1], changes)
    return {'released', emit('seats', 'changes', cjson.encode(changes))}
    """)

    /// Returns the seats of holds whose deadline is at or before now; any node may run it, and two
    /// sweeps at once cannot both free the same hold (Redis runs one script at a time). A hold
    /// being paid has no deadline. Each buyer whose hold expired gets an `expired` notice.
    /// ARGV: nowMs, limit. Replies `{version or 0, holdId…}`.
    static let sweep = RedisScript(name: "seats.sweep", source: LuaPrelude.source + """
    local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
    if #due == 0 then return {0} end
    local changes = {}
    for _, hold_id in ipairs(due) do
      local hold = free_hold(hold_id, changes)
      redis.call('ZREM', KEYS[3], hold_id)
      if hold then notice('expired', hold.u, 'hold', hold_id) end
    end
    local reply = {emit('seats', 'changes', cjson.encode(changes))}
    for _, hold_id in ipairs(due) do reply[#reply + 1] = hold_id end
    return reply
    """)

    /// Keeps a hold past its deadline while its order is paid. ARGV: holdId, orderId.
    /// Replies `{'pinned'}` or `{'missing'}`.
    static let pin = RedisScript(name: "seats.pin", source: """
    local json = redis.call('HGET', KEYS[2], ARGV[1])
    if not json then return {'missing'} end
    local hold = cjson.decode(json)
    hold.o = ARGV[2]
    redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(hold))
    redis.call('ZREM', KEYS[3], ARGV[1])
    return {'pinned'}
    """)

    /// A payment that failed gives the hold back to its deadline, or frees it when that has
    /// passed. ARGV: holdId, nowMs. Replies `{'kept'}`, `{'released', v}` or `{'missing'}`.
    static let unpin = RedisScript(name: "seats.unpin", source: LuaPrelude.source + """
    local json = redis.call('HGET', KEYS[2], ARGV[1])
    if not json then return {'missing'} end
    local hold = cjson.decode(json)
    hold.o = nil
    if hold.d <= tonumber(ARGV[2]) then
      local changes = {}
      free_hold(ARGV[1], changes)
      return {'released', emit('seats', 'changes', cjson.encode(changes))}
    end
    redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(hold))
    redis.call('ZADD', KEYS[3], hold.d, ARGV[1])
    return {'kept'}
    """)

    /// A refund puts sold seats back on sale. ARGV: seats… Replies `{'returned', v}` or `{'none'}`.
    static let unsell = RedisScript(name: "seats.unsell", source: LuaPrelude.source + """
    local changes, returned = {}, 0
    for i = 1, #ARGV do
      local state = redis.call('HGET', KEYS[1], ARGV[i])
      if state and string.sub(state, 1, 2) == 's:' then
        redis.call('HSET', KEYS[1], ARGV[i], 'f')
        changes[ARGV[i]] = 'free'
        returned = returned + 1
      end
    end
    if returned == 0 then return {'none'} end
    redis.call('HINCRBY', KEYS[5], 'available', returned)
    redis.call('HINCRBY', KEYS[5], 'sold', -returned)
    return {'returned', emit('seats', 'changes', cjson.encode(changes))}
    """)

    /// Marks seats sold that the durable records sold before the map was loaded (a Redis that
    /// starts empty under a running sale). ARGV: seat, orderId, … Replies the number marked.
    static let restoreSold = RedisScript(name: "seats.restoreSold", source: """
    local marked = 0
    for i = 1, #ARGV, 2 do
      if redis.call('HGET', KEYS[1], ARGV[i]) == 'f' then
        redis.call('HSET', KEYS[1], ARGV[i], 's:' .. ARGV[i + 1])
        marked = marked + 1
      end
    end
    redis.call('HINCRBY', KEYS[5], 'available', -marked)
    redis.call('HINCRBY', KEYS[5], 'sold', marked)
    return marked
    """)

    /// Makes a hold's seats sold once its payment is confirmed. ARGV: holdId, orderId.
    /// Replies `{'sold', v}` or `{'missing'}` (the hold expired and was swept, or never existed).
    static let sell = RedisScript(name: "seats.sell", source: LuaPrelude.source + """
    local json = redis.call('HGET', KEYS[2], ARGV[1])
    if not json then return {'missing'} end
    local hold = cjson.decode(json)
    local tag, sold, changes = 'h:' .. ARGV[1], 0, {}
    for _, seat in ipairs(hold.s) do
      if redis.call('HGET', KEYS[1], seat) == tag then
        redis.call('HSET', KEYS[1], seat, 's:' .. ARGV[2])
        changes[seat] = 'sold'
        sold = sold + 1
      end
    end
    redis.call('HINCRBY', KEYS[5], 'held', -sold)
    redis.call('HINCRBY', KEYS[5], 'sold', sold)
    redis.call('HDEL', KEYS[2], ARGV[1])
    redis.call('ZREM', KEYS[3], ARGV[1])
    if redis.call('HGET', KEYS[4], hold.u) == ARGV[1] then redis.call('HDEL', KEYS[4], hold.u) end
    return {'sold', emit('seats', 'changes', cjson.encode(changes))}
    """)

    /// Loads a hall's seats once (later calls by other nodes change nothing). ARGV: maxPerOrder, seats…
    /// Replies 1 when it loaded, 0 when the seats were already there.
    static let load = RedisScript(name: "seats.load", source: """
    if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
    for i = 2, #ARGV do redis.call('HSET', KEYS[1], ARGV[i], 'f') end
    redis.call('HSET', KEYS[5], 'available', #ARGV - 1, 'held', 0, 'sold', 0, 'maxPerOrder', ARGV[1])
    redis.call('SET', KEYS[6], 0)
    return 1
    """)

    /// The whole map with its version, in one step so the two agree. Replies `{version, seat, state, …}`.
    static let snapshot = RedisScript(name: "seats.snapshot", source: """
    local reply = {tonumber(redis.call('GET', KEYS[6]) or '0')}
    local all = redis.call('HGETALL', KEYS[1])
    for i = 1, #all do reply[#reply + 1] = all[i] end
    return reply
    """)
}
