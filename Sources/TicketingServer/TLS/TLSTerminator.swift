import FlyingSocks
import Foundation
import Logging
import TicketingNet

/// Serves TLS on the public address and relays every connection, decrypted, to the FlyingFox
/// server listening on a loopback port. FlyingFox cannot speak TLS; in front of it, it need not.
///
/// Each connection is one `TLSRelay` task; the actor only tracks them so that `stop()` can end
/// them. Client addresses reach route handlers through `ForwardedPeers`, not through headers.
actor TLSTerminator {
    private let listener: TCPListener
    private let context: TLSContext
    private let upstreamPort: UInt16
    private let peers: ForwardedPeers
    private let logger: Logger
    private var acceptTask: Task<Void, Never>?
    private var connections: [UInt64: Task<Void, Never>] = [:]
    private var nextID: UInt64 = 0
    nonisolated let port: UInt16

    /// Binds `address` and starts accepting; a taken port fails here.
    static func start(address: some SocketAddress, context: TLSContext, upstreamPort: UInt16,
                      peers: ForwardedPeers, logger: Logger) async throws -> TLSTerminator {
        let listener = try await TCPListener.listen(on: address)
        guard let port = listener.port else {
            await listener.close()
            throw SocketError.disconnected
        }
        let terminator = TLSTerminator(listener: listener, port: port, context: context,
                                       upstreamPort: upstreamPort, peers: peers, logger: logger)
        await terminator.startAccepting()
        return terminator
    }

    private init(listener: TCPListener, port: UInt16, context: TLSContext, upstreamPort: UInt16,
                 peers: ForwardedPeers, logger: Logger) {
        self.listener = listener
        self.port = port
        self.context = context
        self.upstreamPort = upstreamPort
        self.peers = peers
        self.logger = logger
    }

    private func startAccepting() {
        acceptTask = Task { await self.acceptLoop() }
    }

    private func acceptLoop() async {
        while !Task.isCancelled {
            do {
                let (stream, peer) = try await listener.accept()
                let relay = TLSRelay(client: stream, clientAddress: peer, context: context,
                                     upstreamPort: upstreamPort, peers: peers, logger: logger)
                let id = nextID
                nextID += 1
                // Stored before `finished(id)` can run: the task runs on this actor, which we hold
                // until the next suspension.
                connections[id] = Task {
                    await relay.run()
                    self.finished(id)
                }
            } catch is CancellationError {
                return
            } catch {
                // Out of descriptors, say: pausing lets connections finish instead of spinning.
                logger.warning("TLS accept failed", metadata: ["error.message": "\(error)"])
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func finished(_ id: UInt64) {
        connections[id] = nil
    }

    /// Stops accepting and closes the listening socket; open connections carry on.
    func stopAccepting() async {
        guard let acceptTask else { return }
        self.acceptTask = nil
        acceptTask.cancel()
        await acceptTask.value
        await listener.close()
    }

    /// Stops accepting and ends every open connection.
    func stop() async {
        await stopAccepting()
        let open = connections.values
        for task in open { task.cancel() }
        for task in open { await task.value }
    }
}
