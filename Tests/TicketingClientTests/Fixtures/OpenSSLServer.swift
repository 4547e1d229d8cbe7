import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `openssl s_server -WWW` on 127.0.0.1 serving the files of a temporary directory over TLS,
/// with a freshly made self-signed certificate for `subjectAltName`.
final class OpenSSLServer: Sendable {
    let port: UInt16
    let directory: URL
    let certificateFile: String
    private let process: Process

    private init(port: UInt16, directory: URL, certificateFile: String, process: Process) {
        self.port = port
        self.directory = directory
        self.certificateFile = certificateFile
        self.process = process
    }

    /// Starts the server and returns once it accepts connections.
    static func start(subjectAltName: String, files: [String: String]) async throws -> OpenSSLServer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tls-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                 "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=QueueTicket test",
                 "-addext", "subjectAltName=\(subjectAltName)"], in: directory)

        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", cert, "-key", key, "-WWW"]
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = Pipe()
        try process.run()
        let server = OpenSSLServer(port: port, directory: directory, certificateFile: cert, process: process)
        // s_server prints ACCEPT once it listens: wait for that line rather than for a while.
        let ready = await Task.detached { () -> Bool in
            var seen = Data()
            while case let chunk = output.fileHandleForReading.availableData, !chunk.isEmpty {
                seen.append(chunk)
                if String(decoding: seen, as: UTF8.self).contains("ACCEPT") { return true }
            }
            return false
        }.value
        guard ready else {
            server.stop()
            throw FixtureError("openssl s_server exited before listening")
        }
        return server
    }

    func stop() {
        if process.isRunning {
            // s_server ignores SIGTERM while it waits in accept.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func run(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError("openssl \(arguments.first ?? "") failed with \(process.terminationStatus)")
        }
    }

    /// A port the kernel just handed out and released; s_server binds it right after.
    private static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FixtureError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw FixtureError("bind() failed") }
        return UInt16(bigEndian: address.sin_port)
    }
}
