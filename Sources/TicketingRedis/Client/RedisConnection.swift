import CHiredis
import ConnectionPooling

/// One hiredis connection. Its executor is a dedicated thread, so the synchronous hiredis calls
/// below block that thread only (see `ThreadExecutor`).
public actor RedisConnection: PooledConnection {
    private let executor: ThreadExecutor
    private var context: UnsafeMutablePointer<redisContext>?
    private var commandTimeout = Duration.seconds(5)
    public private(set) var isBroken = false

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private init(executor: ThreadExecutor) {
        self.executor = executor
    }

    public static func connect(to endpoint: RedisEndpoint) async throws -> RedisConnection {
        let connection = RedisConnection(executor: ThreadExecutor(name: "redis \(endpoint.host):\(endpoint.port)"))
        do {
            try await connection.open(endpoint)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    // Isolated: hiredis frees the context on the thread that used it.
    isolated deinit {
        if let context { redisFree(context) }
        executor.shutdown()
    }

    private func open(_ endpoint: RedisEndpoint) throws {
        guard let context = redisConnectWithTimeout(endpoint.host, Int32(endpoint.port),
                                                    qt_timeval_ms(endpoint.connectTimeout.wholeMilliseconds)) else {
            throw RedisError.connection("hiredis could not allocate a context")
        }
        self.context = context
        if context.pointee.err != 0 {
            isBroken = true
            throw RedisError.connection("connect to \(endpoint.host):\(endpoint.port): \(errorText(context))")
        }
        commandTimeout = endpoint.commandTimeout
        redisSetTimeout(context, qt_timeval_ms(commandTimeout.wholeMilliseconds))
        if endpoint.database != 0 {
            _ = try command(["SELECT", String(endpoint.database)])
        }
    }

    public func close() {
        if let context { redisFree(context) }
        context = nil
        isBroken = true
    }

    /// Sends one command and returns its reply; an error reply is thrown as `RedisError.server`.
    @discardableResult
    public func command(_ arguments: [String]) throws -> RedisValue {
        let reply = try send(arguments)
        if case .error(let message) = reply { throw RedisError.server(message) }
        return reply
    }

    /// A command the server may hold for up to `serverWait` before answering (`XREAD BLOCK`,
    /// `BLPOP`): the socket timeout is stretched by that much for this call only, or an idle
    /// stream would look like a dead server.
    @discardableResult
    public func command(_ arguments: [String], serverWait: Duration) throws -> RedisValue {
        guard let context, !isBroken else { throw RedisError.connection("connection is closed") }
        redisSetTimeout(context, qt_timeval_ms((commandTimeout + serverWait).wholeMilliseconds))
        defer { if let context = self.context { redisSetTimeout(context, qt_timeval_ms(commandTimeout.wholeMilliseconds)) } }
        return try command(arguments)
    }

    /// Sends one command and returns its reply as is, error replies included.
    public func send(_ arguments: [String]) throws -> RedisValue {
        try pipeline([arguments])[0]
    }

    /// Writes every command before reading any reply: one round trip for the lot. Error replies
    /// come back in place, as `.error`, so one failing command does not hide the others' replies.
    public func pipeline(_ commands: [[String]]) throws -> [RedisValue] {
        assert(executor.isCurrentThread, "hiredis may block only on the connection's own thread")
        guard let context, !isBroken else { throw RedisError.connection("connection is closed") }
        for arguments in commands {
            let status = Self.withArgv(arguments) { argc, argv, lengths in
                redisAppendCommandArgv(context, argc, argv, lengths)
            }
            if status != REDIS_OK { throw lost(context) }
        }
        var replies: [RedisValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw lost(context) }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            replies.append(Self.value(of: reply))
            freeReplyObject(raw)
        }
        return replies
    }

    /// Runs a script by its SHA-1, and by its source when the server does not know it (after a
    /// restart or `SCRIPT FLUSH` the cache is empty: scripts are never persisted). The fallback is
    /// `EVAL`, which caches and runs in one step; `SCRIPT LOAD` then `EVALSHA` would leave a window
    /// in which another client's flush makes the retry fail too.
    public func evaluate(_ script: RedisScript, keys: [String], arguments: [String]) throws -> RedisValue {
        let tail = [String(keys.count)] + keys + arguments
        var reply = try send(["EVALSHA", script.sha1] + tail)
        if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {
            reply = try send(["EVAL", script.source] + tail)
        }
        if case .error(let message) = reply { throw RedisError.server("\(script.name): \(message)") }
        return reply
    }

    private func lost(_ context: UnsafeMutablePointer<redisContext>) -> RedisError {
        isBroken = true
        return .connection(errorText(context))
    }

    private func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return bytes.isEmpty ? "connection lost (code \(context.pointee.err))" : String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func value(of reply: UnsafeMutablePointer<redisReply>) -> RedisValue {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING: return .bulk(bytes(r.str, r.len))
        case REDIS_REPLY_STATUS: return .status(String(decoding: bytes(r.str, r.len), as: UTF8.self))
        case REDIS_REPLY_ERROR: return .error(String(decoding: bytes(r.str, r.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER: return .integer(Int(r.integer))
        case REDIS_REPLY_ARRAY:
            var items: [RedisValue] = []
            items.reserveCapacity(r.elements)
            for index in 0..<r.elements {
                if let element = r.element[index] { items.append(value(of: element)) }
            }
            return .array(items)
        default: return .null
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Lays the arguments out in one buffer (binary-safe: hiredis takes explicit lengths).
    private static func withArgv<R>(_ arguments: [String],
                                     _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R) -> R {
        let encoded = arguments.map { Array($0.utf8) }
        let total = encoded.reduce(0) { $0 + $1.count }
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(total, 1))
        defer { storage.deallocate() }
        var pointers: [UnsafePointer<CChar>?] = []
        var lengths: [Int] = []
        pointers.reserveCapacity(encoded.count)
        lengths.reserveCapacity(encoded.count)
        var offset = 0
        for argument in encoded {
            argument.withUnsafeBufferPointer { source in
                if let base = source.baseAddress, !source.isEmpty {
                    UnsafeMutableRawPointer(storage + offset).copyMemory(from: base, byteCount: source.count)
                }
            }
            pointers.append(UnsafePointer(storage + offset))
            lengths.append(argument.count)
            offset += argument.count
        }
        return pointers.withUnsafeMutableBufferPointer { argv in
            lengths.withUnsafeBufferPointer { argc in body(Int32(encoded.count), argv.baseAddress!, argc.baseAddress!) }
        }
    }
}
