import FlyingFox
import FlyingSocks
import Foundation
import TicketingNet
#if canImport(Glibc)
import Glibc
#endif

/// qticketd's HTTP/1.1 + WebSocket server: FlyingSocks' non-blocking sockets and event pool,
/// our own bounded parsing (see HeadParser, WebSocketFrameParser) and deadlines, FlyingFox's request
/// and response types so `APIHandler` and the routes are unchanged.
actor TransportServer {
    private let address: any SocketAddress
    private let settings: TransportSettings
    private let handler: any HTTPHandler
    private var pool: (any AsyncSocketPool)?
    private let registry = ConnectionRegistry()
    private let stopping = StopFlag()
    private var listener: Socket?
    private var runTask: Task<Void, any Error>?
    private var acceptTask: Task<Void, any Error>?

    init(address: any SocketAddress, settings: TransportSettings, handler: any HTTPHandler) {
        self.address = address
        self.settings = settings
        self.handler = handler
    }

    var openConnections: Int { registry.count }
    /// The loops connections are spread over, once started (`TransportSettings.loops`, `server.loops`).
    private var loops: [any AsyncSocketPool] = []
    var loopsInUse: Int { loops.count }
    /// Naps each loop in use has taken (`LoopCoalescing`), in loop order; empty before `start()`
    /// and off Linux.
    var loopNaps: [Int] {
        #if canImport(CSystemLinux)
        loops.map { ($0 as? EPollPool)?.naps ?? 0 }
        #else
        []
        #endif
    }
    /// The loop the listener is parked in, as an executor, once started (nil off Linux).
    var listenerLoop: (any TaskExecutor)? { pool as? any TaskExecutor }

    /// Binds and listens, then serves in the background until `stop()`.
    func start() async throws -> Task<Void, any Error> {
        if let runTask { return runTask }
        var loops: [any AsyncSocketPool] = []
        let count = Self.loopCount(settings.loops, available: SharedSocketPool.serverLoops.count)
        for loop in SharedSocketPool.serverLoops.prefix(count) { loops.append(try await loop.get()) }
        self.loops = loops
        #if canImport(CSystemLinux)
        // The loops are the process's; the last server started sets how they nap.
        for loop in loops { (loop as? EPollPool)?.coalescing = settings.loopCoalescing }
        #endif
        // The listener is parked in the first loop.
        let pool = loops[0]
        self.pool = pool
        let socket = try Socket(domain: Int32(type(of: address).family))
        do {
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: address)
            try socket.listen()
        } catch {
            try? socket.close()
            throw error
        }
        var one: Int32 = 1
        // Accepted sockets inherit TCP_NODELAY on Linux; each is set again below for other systems.
        _ = setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        listener = socket
        // Its accepts run on the listener's loop too.
        acceptTask = Task(executorPreference: pool as? any TaskExecutor) { [loops] in
            try await self.acceptLoop(socket, pool: pool, loops: loops)
        }
        // Ends only when stopped: `QueueTicketServer.wait()` waits on it.
        let task = Task { [registry, sweepInterval] () async throws in
            await Self.sweep(registry, every: sweepInterval)
        }
        runTask = task
        return task
    }

    /// How many of the `available` loops to serve on when `configured` asks for that many
    /// (0: all of them).
    static func loopCount(_ configured: Int, available: Int) -> Int {
        configured <= 0 ? available : min(configured, available)
    }

    nonisolated var sweepInterval: Duration {
        let shortest = min(settings.headTimeout, settings.bodyTimeout, settings.idleTimeout)
        return min(max(shortest / 4, .milliseconds(10)), .milliseconds(500))
    }

    var port: UInt16? {
        switch try? listener?.sockname() {
        case .ip4(_, let port), .ip6(_, let port): port
        default: nil
        }
    }

    private static func sweep(_ registry: ConnectionRegistry, every interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            registry.sweep()
        }
    }

    private nonisolated func acceptLoop(_ listener: Socket, pool: any AsyncSocketPool,
                                        loops: [any AsyncSocketPool]) async throws {
        let listening = try AsyncSocket(socket: listener, pool: pool)
        var nextLoop = 0
        // Connections are not children of this loop: stop cancels the loop while they drain.
        while !stopping.isSet {
            let accepted: AsyncSocket
            do {
                accepted = try await listening.accept()
            } catch SocketError.disconnected {
                break
            } catch {
                if stopping.isSet { break }
                // EMFILE and friends: back off instead of spinning on the listener.
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            let socket = accepted.socket
            var one: Int32 = 1
            _ = setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let watch = ConnectionWatch(fd: socket.file.rawValue)
            guard registry.admit(watch, limit: settings.maxConnections) else {
                // One non-blocking attempt: a peer that will not read this gets nothing.
                _ = try? socket.write(TransportResponses.overloadedBytes())
                try? socket.close()
                continue
            }
            // Round robin over the loops; the connection's task runs on the loop its socket is
            // parked in, so a ready socket resumes its reader on the thread that saw it.
            let loop = loops[nextLoop % loops.count]
            nextLoop &+= 1
            let executor = loop as? any TaskExecutor
            Task(executorPreference: executor) {
                await LoopExecutor.$current.withValue(executor) { await self.serve(socket, watch: watch, pool: loop) }
            }
        }
    }

    private nonisolated func serve(_ socket: Socket, watch: ConnectionWatch, pool: any AsyncSocketPool) async {
        let remote = (try? socket.remotePeer()).map(HTTPRequest.Address.make(from:))
        if let upgrade = await HTTPConnectionLoop(socket: socket, pool: pool, watch: watch, settings: settings,
                                                  handler: handler, remote: remote, stopping: stopping).run() {
            // A task keeps the memory of its deepest call (here the request that asked for the
            // upgrade) for as long as it lives, and a subscriber lives for the whole sale: the
            // socket goes on in a fresh task and this one ends (BENCHMARKS.md, push waves).
            Task(executorPreference: LoopExecutor.current) { [settings] in
                await WebSocketLoop(socket: socket, pool: pool, watch: watch, settings: settings)
                    .run(handler: upgrade.handler, reader: upgrade.reader)
                await self.release(socket, watch: watch, pool: pool)
            }
            return
        }
        await release(socket, watch: watch, pool: pool)
    }

    private nonisolated func release(_ socket: Socket, watch: ConnectionWatch, pool: any AsyncSocketPool) async {
        registry.remove(watch)
        await pool.barrier()
        try? socket.close()
    }

    /// Stops accepting, closes idle connections at once, lets requests under way finish for up
    /// to `timeout`, then cuts whatever is left and waits for every connection to end.
    func stop(timeout: TimeInterval) async {
        guard let runTask, !stopping.isSet else { return }
        stopping.set()
        // Cancelling the accept loop wakes the accept parked in the pool (closing or shutting
        // down a listening socket raises no epoll event).
        acceptTask?.cancel()
        _ = try? await acceptTask?.value
        acceptTask = nil
        await pool?.barrier()
        try? listener?.close()
        listener = nil
        registry.cut(onlyIdle: true)
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while registry.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            registry.cut(onlyIdle: true)
        }
        registry.cut(onlyIdle: false)
        // Cut connections end at once; one stuck in a handler gets a short grace and then
        // finishes on its own after stop returns.
        let grace = ContinuousClock.now + .seconds(2)
        while registry.count > 0, ContinuousClock.now < grace {
            try? await Task.sleep(for: .milliseconds(10))
        }
        runTask.cancel()
        _ = try? await runTask.value
        self.runTask = nil
    }
}
