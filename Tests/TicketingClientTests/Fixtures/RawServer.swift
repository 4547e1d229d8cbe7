import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP server on 127.0.0.1 whose connections are scripted byte by byte, for the misbehaviour a
/// real HTTP server never shows: dropping a request unanswered, cutting a response short, odd framing.
struct RawServer: Sendable {
    typealias Handler = @Sendable (RawConnection, _ index: Int) async throws -> Void

    let port: UInt16
    private let listener: Socket
    private let acceptTask: Task<Void, any Error>
    private let poolTask: Task<Void, any Error>

    static func start(_ handler: @escaping Handler) async throws -> RawServer {
        let pool = SocketPool.make()
        try await pool.prepare()
        let poolTask = Task { try await pool.run() }
        let listener = try Socket(domain: AF_INET, type: .stream)
        try listener.setValue(true, for: .localAddressReuse)
        try listener.bind(to: sockaddr_in.inet(ip4: "127.0.0.1", port: 0))
        try listener.listen()
        guard case .ip4(_, let port) = try listener.sockname() else { throw FixtureError("no IPv4 port") }
        let accepting = try AsyncSocket(socket: listener, pool: pool)
        let acceptTask = Task {
            try await withThrowingDiscardingTaskGroup { group in
                var index = 0
                for try await socket in accepting.sockets {
                    let connection = RawConnection(socket: socket)
                    let current = index
                    index += 1
                    group.addTask {
                        try? await handler(connection, current)
                        try? socket.close()
                    }
                }
            }
        }
        return RawServer(port: port, listener: listener, acceptTask: acceptTask, poolTask: poolTask)
    }

    func stop() async {
        acceptTask.cancel()
        _ = await acceptTask.result
        try? listener.close()
        poolTask.cancel()
        _ = await poolTask.result
    }
}

@discardableResult
func withRawServer<T>(_ handler: @escaping RawServer.Handler,
                      _ body: (RawServer) async throws -> T) async throws -> T {
    let server = try await RawServer.start(handler)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

struct RawConnection: Sendable {
    let socket: AsyncSocket

    /// The request line and headers, read a byte at a time so nothing of the next request is consumed.
    func readHead() async throws -> String {
        var bytes: [UInt8] = []
        while !bytes.ends(with: Array("\r\n\r\n".utf8)) {
            bytes.append(try await socket.read())
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A whole request: head plus a `Content-Length` body, so closing afterwards sends FIN, not RST.
    @discardableResult
    func readRequest() async throws -> (head: String, body: [UInt8]) {
        let head = try await readHead()
        let length = header("Content-Length", in: head).flatMap { Int($0) } ?? 0
        return (head, try await read(exactly: length))
    }

    func header(_ name: String, in head: String) -> String? {
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// Reads one request, counts it and writes `response` (nil: answer nothing, e.g. to drop it).
    func answer(with response: String?, counting requests: Counter) async throws {
        try await readRequest()
        await requests.increment()
        if let response { try await write(response) }
    }

    func write(_ text: String) async throws {
        try await socket.write(Data(text.utf8))
    }

    func write(_ bytes: [UInt8]) async throws {
        try await socket.write(Data(bytes))
    }

    func read(exactly count: Int) async throws -> [UInt8] {
        try await socket.read(bytes: count)
    }
}

/// Counts events across tasks, e.g. requests a scripted server has seen.
actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
