/// A performance's change stream. Entry ids are `<version>-0`, so "everything after version v"
/// is `XRANGE (v-0 +`, and a reader that reconnects to any node resumes where it stopped.
public struct RedisEventLog: Sendable {
    public struct Event: Sendable, Equatable {
        public var version: Int
        public var type: String
        public var fields: [String: String]
    }

    public struct Batch: Sendable, Equatable {
        public var events: [Event]
        /// The stream no longer holds the version right after the one asked for (trimmed): the
        /// reader must refetch a snapshot instead of applying deltas.
        public var gap: Bool
    }

    public let pool: RedisPool
    public let keys: PerformanceKeys

    public init(pool: RedisPool, keys: PerformanceKeys) {
        self.pool = pool
        self.keys = keys
    }

    /// Events after `version`, at most `count`, waiting up to `block` for the first one when
    /// there are none yet (`XREAD BLOCK` runs on the connection's own thread).
    public func events(after version: Int, count: Int = 500, block: Duration? = nil) async throws -> Batch {
        let reply: RedisValue
        if let block {
            let arguments = ["XREAD", "COUNT", String(count), "BLOCK", String(block.wholeMilliseconds),
                             "STREAMS", keys.events, "\(version)-0"]
            let read = try await pool.withConnection { try await $0.command(arguments, serverWait: block) }
            // XREAD answers [[stream, entries]] or nil on timeout.
            reply = read.array?.first?.array?.dropFirst().first ?? .array([])
        } else {
            reply = try await pool.command(["XRANGE", keys.events, "(\(version)-0", "+", "COUNT", String(count)])
        }
        let events = try (reply.array ?? []).map(Self.event)
        let gap = events.first.map { $0.version != version + 1 } ?? false
        return Batch(events: events, gap: gap)
    }

    static func event(_ entry: RedisValue) throws -> Event {
        guard let parts = entry.array, parts.count == 2, let id = parts[0].string, let flat = parts[1].array,
              let version = Int(id.split(separator: "-").first ?? "") else {
            throw RedisError.unexpectedReply("stream entry \(entry)")
        }
        var fields: [String: String] = [:]
        for index in stride(from: 0, to: flat.count - 1, by: 2) {
            if let key = flat[index].string, let value = flat[index + 1].string { fields[key] = value }
        }
        return Event(version: version, type: fields["type"] ?? "", fields: fields)
    }
}
