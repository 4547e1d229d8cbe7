#if canImport(Glibc)
import FlyingSocks
import Foundation
import Glibc
import Testing
@testable import TicketingNet

/// Client streams opened by a server connection's task (a payment's gateway call) stay on that
/// connection's loop: their waits park in its epoll and `withDeadline` runs its operation there,
/// instead of on the shared client loop and the global pool.
@Suite("Client streams on the caller's loop")
struct LoopClientStreamTests {
    /// A loop of the kind the server's connections run on: cancelled waits do not shut down.
    private static let loop = Result { try EPollPool(shutdownOnCancel: false) }

    /// Runs `body` as a server connection's task on `pool` runs.
    private static func asConnection<T: Sendable>(on pool: EPollPool,
                                                  _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task(executorPreference: pool) {
            try await LoopExecutor.$current.withValue(pool) { try await body() }
        }.value
    }

    @Test func theOperationOfADeadlineRunsOnTheCallersLoop() async throws {
        let pool = try Self.loop.get()
        let placed = try await Self.asConnection(on: pool) {
            try await withDeadline(seconds: 5) { pool.isCurrentThread }
        }
        #expect(placed)
        // With no loop to prefer, the operation runs where any task would.
        #expect(try await withDeadline(seconds: 5) { pool.isCurrentThread } == false)
    }

    /// A stream `pool`'s connection task opened to a local listener, and the listener's end of it.
    private static func connected(on pool: EPollPool) async throws -> (TCPStream, peer: TCPStream, TCPListener) {
        let listener = try await TCPListener.listen(on: try sockaddr_in.inet(ip4: "127.0.0.1", port: 0))
        let port = try #require(listener.port)
        let stream = try await asConnection(on: pool) { try await TCPStream.connect(host: "127.0.0.1", port: port) }
        let (peer, _) = try await listener.accept()
        return (stream, peer, listener)
    }

    /// Whether a wait on `stream` parks in `pool` within a few seconds.
    private static func parks(_ stream: TCPStream, in pool: EPollPool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while !pool.isParked(stream.socket.file.rawValue), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
        return pool.isParked(stream.socket.file.rawValue)
    }

    @Test func aStreamConnectedOnALoopWaitsInThatLoop() async throws {
        let pool = try Self.loop.get()
        let (stream, peer, listener) = try await Self.connected(on: pool)
        let reading = Task { try await Self.asConnection(on: pool) { (try await stream.read(), pool.isCurrentThread) } }
        #expect(try await Self.parks(stream, in: pool))
        try await peer.write(Data([42]))
        let (bytes, resumedOnLoop) = try await reading.value
        #expect(bytes == [42])
        #expect(resumedOnLoop)
        await stream.close()
        await peer.close()
        await listener.close()
    }

    /// A deadline abandons a stream by cancelling its wait; on a loop that leaves sockets alone
    /// when a wait is cancelled, the stream's own waits must still end its socket.
    @Test func cancellingAWaitOnALoopStreamEndsItsSocket() async throws {
        let pool = try Self.loop.get()
        let (stream, peer, listener) = try await Self.connected(on: pool)
        // Cancellation does not reach into `asConnection`'s task: this one is cancelled itself.
        let reading = Task(executorPreference: pool) {
            try await LoopExecutor.$current.withValue(pool) { try await stream.read() }
        }
        _ = try await Self.parks(stream, in: pool)
        reading.cancel()
        await #expect(throws: (any Error).self) { try await reading.value }
        // The peer sees the end of the stream: the socket was shut down, not just left.
        await #expect(throws: TransportFailure.self) { try await withDeadline(seconds: 5) { try await peer.read() } }
        await stream.close()
        await peer.close()
        await listener.close()
    }
}
#endif
