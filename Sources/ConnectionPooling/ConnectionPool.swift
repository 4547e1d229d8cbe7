import TicketingDomain

/// A bounded pool of connections with an acquire timeout and reconnection by backoff.
///
/// At most `maxConnections` exist at once (leased, idle or being opened). A caller waits for one
/// until `acquireTimeout`; a failed connect is retried with exponential backoff and full jitter
/// (`TicketingDomain.Backoff`) within that same deadline, so a restarting server is met by a
/// spread-out trickle of reconnects rather than a synchronised storm.
public actor ConnectionPool<Connection: PooledConnection> {
    public struct Options: Sendable {
        public var maxConnections: Int
        public var acquireTimeout: Duration
        public var backoff: Backoff

        public init(maxConnections: Int = 8, acquireTimeout: Duration = .seconds(5),
                    backoff: Backoff = Backoff(base: .milliseconds(20), cap: .seconds(1))) {
            precondition(maxConnections > 0, "a pool needs at least one connection")
            self.maxConnections = maxConnections
            self.acquireTimeout = acquireTimeout
            self.backoff = backoff
        }
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Connection?, any Error>
    }

    public let options: Options
    private let connect: @Sendable () async throws -> Connection
    private var idle: [Connection] = []
    private var open = 0
    private var waiters: [Waiter] = []
    private var nextWaiterId = 0
    private var closed = false
    private var lastConnectError: String?
    /// Connections opened over the pool's life: lets tests see a reconnect happen.
    public private(set) var connectsMade = 0

    public init(options: Options = Options(), connect: @escaping @Sendable () async throws -> Connection) {
        self.options = options
        self.connect = connect
    }

    /// Runs `body` with a leased connection and gives it back, dropping it if it broke.
    public nonisolated func withConnection<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    public func acquire() async throws -> Connection {
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + options.acquireTimeout
        while true {
            if closed { throw PoolError.closed }
            if let connection = idle.popLast() {
                if await connection.isBroken {
                    await discard(connection)
                    continue
                }
                return connection
            }
            if open < options.maxConnections {
                open += 1
                do {
                    let connection = try await connectWithBackoff(deadline: deadline, started: started)
                    connectsMade += 1
                    return connection
                } catch {
                    open -= 1
                    wakeOneWaiter(with: nil)
                    throw error
                }
            }
            if let handed = try await waitForTurn(deadline: deadline, started: started) {
                return handed
            }
        }
    }

    public func release(_ connection: Connection) async {
        let broken = await connection.isBroken
        if closed || broken {
            await discard(connection)
            return
        }
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    /// Closes idle connections and fails every waiter; leased ones close when released.
    public func shutdown() async {
        closed = true
        let toClose = idle
        idle.removeAll()
        open -= toClose.count
        for connection in toClose { await connection.close() }
        for waiter in waiters { waiter.continuation.resume(throwing: PoolError.closed) }
        waiters.removeAll()
    }

    public var openConnections: Int { open }

    /// Connections being opened count as in use: they are taken from the limit.
    public var usage: PoolUsage {
        PoolUsage(idle: idle.count, inUse: open - idle.count, waiting: waiters.count, max: options.maxConnections)
    }

    private func discard(_ connection: Connection) async {
        open -= 1
        await connection.close()
        // A slot freed: the next waiter may open a fresh connection.
        wakeOneWaiter(with: nil)
    }

    private func wakeOneWaiter(with connection: Connection?) {
        guard !waiters.isEmpty else { return }
        waiters.removeFirst().continuation.resume(returning: connection)
    }

    private func connectWithBackoff(deadline: ContinuousClock.Instant, started: ContinuousClock.Instant) async throws -> Connection {
        var attempt = 0
        while true {
            do {
                return try await connect()
            } catch {
                lastConnectError = String(describing: error)
                let delay = options.backoff.delay(attempt: attempt)
                attempt += 1
                let clock = ContinuousClock()
                if clock.now + delay >= deadline {
                    throw PoolError.acquireTimedOut(waited: clock.now - started, lastConnectError: lastConnectError)
                }
                try await Task.sleep(for: delay)
            }
        }
    }

    /// Waits for a released connection (non-nil) or a freed slot (nil) until the deadline.
    private func waitForTurn(deadline: ContinuousClock.Instant, started: ContinuousClock.Instant) async throws -> Connection? {
        let id = nextWaiterId
        nextWaiterId += 1
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            await self?.expire(waiter: id, started: started)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            waiters.append(Waiter(id: id, continuation: continuation))
        }
    }

    private func expire(waiter id: Int, started: ContinuousClock.Instant) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.continuation.resume(throwing: PoolError.acquireTimedOut(
            waited: ContinuousClock.now - started, lastConnectError: lastConnectError))
    }
}
