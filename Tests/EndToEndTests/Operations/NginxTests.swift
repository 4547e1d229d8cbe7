import Foundation
import Testing
import TicketingClient
import TicketingProtocol
#if canImport(Glibc)
import Glibc
#endif

let nginxInstalled = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")

/// deploy/nginx rendered for two nodes and run as a private nginx (own prefix, pid, logs, port):
/// the configuration tests clean, and a request and WebSocket upgrades pass through to both nodes.
@Suite("nginx in front of qticketd")
struct NginxTests {
    /// A loopback port free right now (the kernel's pick, released for nginx to bind).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return UInt16(bigEndian: address.sin_port)
    }

    static func mainConfig(prefix: URL) -> String {
        let p = prefix.path
        return """
            worker_processes 1;
            pid \(p)/nginx.pid;
            error_log \(p)/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(p)/tmp/body;
                proxy_temp_path \(p)/tmp/proxy;
                fastcgi_temp_path \(p)/tmp/fastcgi;
                uwsgi_temp_path \(p)/tmp/uwsgi;
                scgi_temp_path \(p)/tmp/scgi;
                include \(p)/qticket.conf;
            }

            """
    }

    @Test(.enabled(if: nginxInstalled, "nginx is not installed (Debian package nginx; .ci/deps installs it)"))
    func twoNodesServeRequestsAndWebSocketsThroughNginx() async throws {
        // One data directory for both nodes: a token signed by one verifies on the other, as it
        // does with the shared PostgreSQL of a real deployment.
        let first = try await TestServer.start()
        defer { Task { await first.stop() } }
        let second = try await TestServer.start(dataDirectory: first.dataDirectory)
        defer { Task { await second.stop() } }

        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("qt-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: prefix) }
        let port = try Self.freePort()
        let render = try #require(try await runTool("bash", [repositoryRoot.appendingPathComponent("deploy/nginx/render.sh").path,
                                                             "--listen", "127.0.0.1:\(port)",
                                                             "127.0.0.1:\(first.port)", "\(second.port)"]))
        #expect(render.status == 0)
        #expect(render.output.contains("server 127.0.0.1:\(first.port) ") && render.output.contains("server 127.0.0.1:\(second.port) "))
        #expect(!render.output.contains("non_idempotent"), "nginx must never resend a non-idempotent request")
        try render.output.write(to: prefix.appendingPathComponent("qticket.conf"), atomically: true, encoding: .utf8)
        let config = prefix.appendingPathComponent("nginx.conf")
        try Self.mainConfig(prefix: prefix).write(to: config, atomically: true, encoding: .utf8)

        let check = try #require(try await runTool("nginx", ["-t", "-p", prefix.path, "-c", config.path]))
        #expect(check.status == 0 && check.output.contains("test is successful"), "\(check.output)")
        #expect(!check.output.contains("[warn]") && !check.output.contains("[emerg]"), "\(check.output)")

        let nginx = Process()
        nginx.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        nginx.arguments = ["-p", prefix.path, "-c", config.path, "-g", "daemon off;"]
        nginx.standardOutput = FileHandle.nullDevice
        nginx.standardError = FileHandle.nullDevice
        try nginx.run()
        // SIGTERM is nginx's fast shutdown: the master stops its worker, then exits.
        defer {
            kill(nginx.processIdentifier, SIGTERM)
            nginx.waitUntilExit()
        }

        let balanced = APIClient(host: "127.0.0.1", port: port)
        let deadline = ContinuousClock.now + .seconds(10)
        var health: HealthResponse?
        while health == nil, ContinuousClock.now < deadline {
            health = try? await balanced.get("/health", as: HealthResponse.self)
            if health == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(health?.status == "ok", "no answer through nginx")
        let (_, auth) = try await first.signedUp("buyer")
        let me = try await APIClient(host: "127.0.0.1", port: port, token: auth.token)
            .send(method: "GET", path: "/v1/me", body: nil, headers: [:])
        #expect(me.status == 200 && String(decoding: me.body, as: UTF8.self).contains(auth.user.id))
        let metrics = try await balanced.send(method: "GET", path: "/metrics", body: nil, headers: [:])
        #expect(metrics.status == 404, "the balanced /metrics would be a random node's")

        // Two sockets: least_conn sends the second to the node without one.
        var sockets: [WebSocketClient] = []
        for _ in 0..<2 {
            let socket = WebSocketClient()
            try await socket.connect(host: "127.0.0.1", port: port, path: "/v1/ws?token=\(auth.token)", headers: [:])
            try await socket.send(text: "not json")
            let reply = try await socket.nextJSON(SocketErrorMessage.self, timeout: 30)
            #expect(reply.code == "bad_request", "the upgraded socket carries frames both ways")
            sockets.append(socket)
        }
        #expect(try await metricValue(first, "qticket_websockets_open") == 1)
        #expect(try await metricValue(second, "qticket_websockets_open") == 1)
        for socket in sockets { await socket.close(code: 1000, reason: "done") }
    }
}
