import FlyingSocks
import Foundation
import Synchronization
import TicketingClient

/// A loopback TCP proxy in front of a real server that misbehaves the way a load balancer does
/// when a node dies: it refuses connections (nothing listening), closes one before answering,
/// answers 502/503 itself, loses the answer of a request the server did run, or cuts every
/// connection it carries (WebSockets included). Each new connection takes the next planned fault;
/// with none planned it forwards bytes both ways.
final class FaultProxy: Sendable {
    enum Fault: Sendable, Equatable {
        /// Reads the request, then closes without an answer; the server never sees it.
        case closeBeforeAnswer
        /// Reads the request and answers this status itself (`Retry-After` when given).
        case status(Int, retryAfter: Int? = nil)
        /// Forwards the request, waits for the server's answer, then closes without passing it on.
        case loseAnswer
    }

    let port: UInt16
    private let upstream: UInt16
    private struct State {
        var listener: TCPListener?
        var acceptor: Task<Void, Never>?
        var faults: [(fault: Fault, sparesWebSockets: Bool)] = []
        var heads: [String] = []
        var faultsServed = 0
        var live: [Int: [TCPStream]] = [:]
        var nextId = 0
    }

    private let state = Mutex(State())

    private init(port: UInt16, upstream: UInt16) {
        self.port = port
        self.upstream = upstream
    }

    /// A proxy on a free loopback port in front of `upstream`; `listening: false` leaves the port
    /// closed (connections refused) until `listen()`.
    static func start(upstream: UInt16, listening: Bool = true) async throws -> FaultProxy {
        let probe = try await TCPListener.listen(on: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0))
        let port = probe.port ?? 0
        await probe.close()
        let proxy = FaultProxy(port: port, upstream: upstream)
        if listening { try await proxy.listen() }
        return proxy
    }

    /// `sparingWebSockets`: these faults wait for a connection that is not a WebSocket upgrade
    /// (after `cutAll()` dozens of sockets reconnect at once and would otherwise take them all).
    func plan(_ faults: [Fault], sparingWebSockets: Bool = false) {
        state.withLock { $0.faults += faults.map { ($0, sparingWebSockets) } }
    }

    /// The first bytes (the request head) of every connection accepted, in order.
    var requestHeads: [String] { state.withLock { $0.heads } }

    func listen() async throws {
        let listener = try await TCPListener.listen(on: try sockaddr_in.inet(ip4: "127.0.0.1", port: port))
        let acceptor = Task { [self] in
            while !Task.isCancelled {
                guard let accepted = try? await listener.accept() else { return }
                Task { await self.serve(accepted.stream) }
            }
        }
        state.withLock {
            $0.listener = listener
            $0.acceptor = acceptor
        }
    }

    /// Stops listening: new connections are refused; those open stay.
    func refuse() async {
        let (listener, acceptor) = state.withLock { state in
            defer { state.listener = nil; state.acceptor = nil }
            return (state.listener, state.acceptor)
        }
        acceptor?.cancel()
        await acceptor?.value
        await listener?.close()
    }

    /// Ends every connection it carries now, both sides, as a dying node's would.
    func cutAll() {
        let streams = state.withLock { $0.live.values.flatMap { $0 } }
        for stream in streams { stream.shutdown() }
    }

    var openConnections: Int { state.withLock { $0.live.count } }

    /// Planned faults that met a connection so far.
    var faultsServed: Int { state.withLock { $0.faultsServed } }

    func stop() async {
        await refuse()
        cutAll()
    }

    private func serve(_ client: TCPStream) async {
        guard let head = try? await client.read() else { return await client.close() }
        let text = String(decoding: head, as: UTF8.self)
        let fault = state.withLock { state -> Fault? in
            state.heads.append(text)
            guard let next = state.faults.first, !(next.sparesWebSockets && text.hasPrefix("GET /v1/ws")) else { return nil }
            state.faults.removeFirst()
            state.faultsServed += 1
            return next.fault
        }
        switch fault {
        case .closeBeforeAnswer:
            await client.close()
        case let .status(code, retryAfter):
            let extra = retryAfter.map { "Retry-After: \($0)\r\n" } ?? ""
            try? await client.write(Data("HTTP/1.1 \(code) Proxy Fault\r\nContent-Length: 0\r\n\(extra)Connection: close\r\n\r\n".utf8))
            await client.finishWriting()
            await client.close()
        case .loseAnswer:
            guard let server = try? await TCPStream.connect(host: "127.0.0.1", port: upstream) else {
                return await client.close()
            }
            try? await server.write(Data(head))
            _ = try? await server.read()
            await server.close()
            await client.close()
        case nil:
            await forward(client, head: head)
        }
    }

    private func forward(_ client: TCPStream, head: [UInt8]) async {
        guard let server = try? await TCPStream.connect(host: "127.0.0.1", port: upstream) else {
            return await client.close()
        }
        let id = state.withLock { state in
            state.nextId += 1
            state.live[state.nextId] = [client, server]
            return state.nextId
        }
        try? await server.write(Data(head))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await Self.pipe(from: client, to: server) }
            group.addTask { await Self.pipe(from: server, to: client) }
            // Either side ending ends both, so the other pipe's read wakes up.
            await group.next()
            client.shutdown()
            server.shutdown()
            await group.waitForAll()
        }
        state.withLock { _ = $0.live.removeValue(forKey: id) }
        await client.close()
        await server.close()
    }

    private static func pipe(from source: TCPStream, to sink: TCPStream) async {
        while let bytes = try? await source.read(), !bytes.isEmpty {
            guard (try? await sink.write(Data(bytes))) != nil else { return }
        }
    }
}
