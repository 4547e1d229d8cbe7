/// Lua shared by the scripts, prepended to each (EVALSHA scripts cannot call one another).
enum LuaPrelude {
    /// `emit` bumps the performance version by one and appends the change to the stream under the
    /// id `<version>-0`, so `XRANGE events (<seen>-0 +` is exactly what a reader missed; the stream
    /// is trimmed to about 100,000 entries and a reader that finds a gap refetches a snapshot.
    ///
    /// `free_hold` returns a hold's seats that the hold still owns (the buyer's previous hold, an
    /// expired one, a cancelled one) and records the changes for the event.
    /// `notice` appends a message for a buyer's sockets to the notices stream (not versioned).
    /// KEYS layout of every seat script: 1 seats, 2 holds, 3 deadlines, 4 buyerholds, 5 inventory,
    /// 6 version, 7 events, 8 admitted, 9 notices.
    static let source = """
    local function emit(kind, field, value)
      local v = redis.call('INCR', KEYS[6])
      redis.call('XADD', KEYS[7], 'MAXLEN', '~', '100000', v .. '-0', 'v', v, 'type', kind, field, value)
      return v
    end
    local function notice(kind, buyer, field, value)
      redis.call('XADD', KEYS[9], 'MAXLEN', '~', '10000', '*', 'type', kind, 'buyer', buyer, field, value)
    end
    local function free_hold(hold_id, changes)
      local json = redis.call('HGET', KEYS[2], hold_id)
      if not json then return nil end
      local hold = cjson.decode(json)
      local tag = 'h:' .. hold_id
      local freed = 0
      for _, seat in ipairs(hold.s) do
        if redis.call('HGET', KEYS[1], seat) == tag then
          redis.call('HSET', KEYS[1], seat, 'f')
          changes[seat] = 'free'
          freed = freed + 1
        end
      end
      if freed > 0 then
        redis.call('HINCRBY', KEYS[5], 'available', freed)
        redis.call('HINCRBY', KEYS[5], 'held', -freed)
      end
      redis.call('HDEL', KEYS[2], hold_id)
      redis.call('ZREM', KEYS[3], hold_id)
      if redis.call('HGET', KEYS[4], hold.u) == hold_id then redis.call('HDEL', KEYS[4], hold.u) end
      return hold
    end

    """
}
