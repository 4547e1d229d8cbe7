import Foundation

/// nginx and redis-server as baselines: started on loopback ports with a configuration written
/// to a temporary directory, stopped (and the directory removed) by `stop()`.
struct ExternalServer {
    let name: String
    let port: UInt16
    let process: Process
    let directory: URL

    /// How to ask the server to exit; the child inherits this process's blocked signals, so
    /// redis never sees a SIGTERM (nginx unblocks them itself).
    var shutdown: (@Sendable (ExternalServer) async -> Void)?

    /// Asks politely, waits up to 5 s, then kills.
    func stop() async {
        if let shutdown { await shutdown(self) } else if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func temporaryDirectory(_ tag: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// nginx answering every request with the same 52-byte JSON body as the FlyingFox baseline
    /// (`return 200`: no file system, no access log), one worker per core.
    static func nginx(port: UInt16, body: String) async throws -> ExternalServer {
        guard let binary = ChildProcess.find("nginx") else { throw BenchError("nginx not installed (apt-get install -y nginx)") }
        let directory = try temporaryDirectory("nginx")
        let config = """
            daemon off;
            worker_processes auto;
            pid \(directory.path)/nginx.pid;
            error_log \(directory.path)/error.log warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              client_body_temp_path \(directory.path)/body;
              proxy_temp_path \(directory.path)/proxy;
              fastcgi_temp_path \(directory.path)/fastcgi;
              uwsgi_temp_path \(directory.path)/uwsgi;
              scgi_temp_path \(directory.path)/scgi;
              keepalive_requests 1000000;
              server {
                listen 127.0.0.1:\(port);
                location / {
                  default_type "application/json; charset=utf-8";
                  return 200 '\(body)';
                }
              }
            }
            """
        let file = directory.appendingPathComponent("nginx.conf")
        try config.write(to: file, atomically: true, encoding: .utf8)
        let process = try ChildProcess.start(binary, ["-p", directory.path, "-c", file.path])
        let server = ExternalServer(name: "nginx", port: port, process: process, directory: directory)
        do { try await ChildProcess.waitForPort(port, process: process) } catch { await server.stop(); throw error }
        return server
    }

    /// redis-server without persistence, on loopback only.
    static func redis(port: UInt16) async throws -> ExternalServer {
        guard let binary = ChildProcess.find("redis-server") else {
            throw BenchError("redis-server not installed (apt-get install -y redis-server)")
        }
        let directory = try temporaryDirectory("redis")
        let process = try ChildProcess.start(binary, [
            "--bind", "127.0.0.1", "--port", "\(port)", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--protected-mode", "yes", "--daemonize", "no",
        ])
        let cli = ChildProcess.find("redis-cli")
        let server = ExternalServer(name: "redis", port: port, process: process, directory: directory) { server in
            guard let cli else { return }
            _ = try? await ChildProcess.run(cli, ["-h", "127.0.0.1", "-p", "\(server.port)", "SHUTDOWN", "NOSAVE"])
        }
        do { try await ChildProcess.waitForPort(port, process: process) } catch { await server.stop(); throw error }
        return server
    }
}
