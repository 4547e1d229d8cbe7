import FlyingFox
import FlyingSocks
import Foundation
import PaymentSandbox
#if canImport(Glibc)
import Glibc
#endif

/// A real FlyingFox server on 127.0.0.1 with a kernel-chosen port.
struct TestServer: Sendable {
    let server: HTTPServer
    let port: UInt16
    private let task: Task<Void, any Error>

    static func start(port: UInt16 = 0, configure: (HTTPServer) async -> Void) async throws -> TestServer {
        let server = HTTPServer(address: try sockaddr_in.inet(ip4: "127.0.0.1", port: port),
                                pool: NoDelayPool(base: HTTPServer.defaultPool()),
                                logger: .disabled)
        await configure(server)
        let task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 30)
        guard case .ip4(_, let bound) = await server.listeningAddress else {
            throw FixtureError("server is not listening on IPv4")
        }
        return TestServer(server: server, port: bound, task: task)
    }

    func stop() async {
        await server.stop()
        task.cancel()
        _ = await task.result
    }
}

/// Runs `body` against a fresh server and stops the server however `body` ends.
@discardableResult
func withTestServer<T>(configure: (HTTPServer) async -> Void,
                       _ body: (TestServer) async throws -> T) async throws -> T {
    let server = try await TestServer.start(configure: configure)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Bytes served in small slices so FlyingFox answers with a chunked body of many chunks.
struct ByteSlices: AsyncBufferedSequence {
    typealias Element = UInt8
    let bytes: [UInt8]

    func makeAsyncIterator() -> Iterator { Iterator(bytes: bytes) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let bytes: [UInt8]
        var index = 0

        mutating func next() async -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func nextBuffer(suggested count: Int) async -> ArraySlice<UInt8>? {
            guard index < bytes.count else { return nil }
            let end = Swift.min(bytes.count, index + count)
            defer { index = end }
            return bytes[index..<end]
        }
    }
}
