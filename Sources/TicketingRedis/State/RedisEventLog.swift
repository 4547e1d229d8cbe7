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

    /// A message for buyers' sockets from the notices stream (not versioned).
    public struct Notice: Sendable, Equatable {
        public var id: String
        public var fields: [String: String]
    }

    /// What a node tailing the performance learns in one read.
    public struct Tail: Sendable, Equatable {
        public var seats: Batch
        public var notices: [Notice]
        /// Line changes after the line version asked for (none when it was not asked).
        public var line: [LineEvent] = []
    }

    /// The id of the newest notice ("0-0" when there is none), where a new tail starts.
    public func lastNoticeId() async throws -> String {
        let reply = try await pool.command(["XREVRANGE", keys.notices, "+", "-", "COUNT", "1"])
        return reply.array?.first?.array?.first?.string ?? "0-0"
    }

    /// Seat changes after `version`, notices after `noticeId` and, when `lineVersion` is given,
    /// line changes after it, waiting up to `block` for the first of any (one `XREAD` over the
    /// streams, on the connection's own thread).
    public func tail(after version: Int, noticesAfter noticeId: String, lineAfter lineVersion: Int? = nil,
                     count: Int = 500, block: Duration) async throws -> Tail {
        var streams = [keys.events, keys.notices]
        var ids = ["\(version)-0", noticeId]
        if let lineVersion {
            streams.append(keys.lineEvents)
            ids.append("\(lineVersion)-0")
        }
        let arguments = ["XREAD", "COUNT", String(count), "BLOCK", String(block.wholeMilliseconds), "STREAMS"]
            + streams + ids
        let read = try await pool.withConnection { try await $0.command(arguments, serverWait: block) }
        var seatEntries: [RedisValue] = []
        var noticeEntries: [RedisValue] = []
        var lineEntries: [RedisValue] = []
        for stream in read.array ?? [] {
            guard let parts = stream.array, parts.count == 2, let name = parts[0].string else { continue }
            switch name {
            case keys.events: seatEntries = parts[1].array ?? []
            case keys.lineEvents: lineEntries = parts[1].array ?? []
            default: noticeEntries = parts[1].array ?? []
            }
        }
        let events = try seatEntries.map(Self.event)
        let notices = try noticeEntries.map { entry -> Notice in
            guard let parts = entry.array, parts.count == 2, let id = parts[0].string, let flat = parts[1].array else {
                throw RedisError.unexpectedReply("notice entry \(entry)")
            }
            var fields: [String: String] = [:]
            for index in stride(from: 0, to: flat.count - 1, by: 2) {
                if let key = flat[index].string, let value = flat[index + 1].string { fields[key] = value }
            }
            return Notice(id: id, fields: fields)
        }
        let gap = events.first.map { $0.version != version + 1 } ?? false
        return Tail(seats: Batch(events: events, gap: gap), notices: notices, line: try lineEntries.map(Self.lineEvent))
    }

    static func lineEvent(_ entry: RedisValue) throws -> LineEvent {
        let event = try event(entry)
        guard let score = event.fields["s"].flatMap({ Int($0) }), let member = event.fields["m"] else {
            throw RedisError.unexpectedReply("line entry \(entry)")
        }
        let key = LineMirror.Key(score: score, member: member)
        switch event.fields["t"] {
        case "j": return LineEvent(version: event.version, change: .joined(key))
        case "x": return LineEvent(version: event.version, change: .left(key))
        case "a":
            guard let count = event.fields["n"].flatMap({ Int($0) }) else { throw RedisError.unexpectedReply("line entry \(entry)") }
            return LineEvent(version: event.version, change: .admitted(count: count, last: key))
        default: throw RedisError.unexpectedReply("line entry \(entry)")
        }
    }

    /// Appends a message for a buyer's sockets, wherever they are.
    public func notify(buyer: String, type: String, fields: [String: String]) async throws {
        let flat = fields.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        try await pool.command(["XADD", keys.notices, "MAXLEN", "~", "10000", "*", "type", type, "buyer", buyer] + flat)
    }
}
