import Foundation
import TicketingClient

/// A throwaway certificate authority and certificates it signed, made with the `openssl` command
/// once per test run: `server` names localhost, 127.0.0.1 and ::1; `other` names only
/// other.example; `strayKey` belongs to no certificate.
struct TestPKI: Sendable {
    let directory: URL
    var caFile: String { path("ca.pem") }
    var serverCert: String { path("server.pem") }
    var serverKey: String { path("server.key") }
    var otherCert: String { path("other.pem") }
    var otherKey: String { path("other.key") }
    var strayKey: String { path("stray.key") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Trusts this CA only.
    func trust() throws -> TLSOptions { try TLSOptions(caFile: caFile) }

    static func shared() async throws -> TestPKI { try await generated.value }

    private static let generated = Task { try await generate() }

    private static let config = """
        [req]
        distinguished_name = dn
        prompt = no
        [dn]
        CN = QueueTicket test
        [ca]
        basicConstraints = critical, CA:TRUE
        keyUsage = critical, keyCertSign, cRLSign
        subjectKeyIdentifier = hash
        [server]
        basicConstraints = critical, CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = serverAuth
        subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
        [other]
        basicConstraints = critical, CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = serverAuth
        subjectAltName = DNS:other.example

        """

    private static func generate() async throws -> TestPKI {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-pki-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(config.utf8).write(to: directory.appendingPathComponent("pki.cnf"))
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(["req", "-x509", "-new"] + curve + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                          "-config", "pki.cnf", "-extensions", "ca", "-subj", "/CN=QueueTicket Test CA"], in: directory)
        for name in ["server", "other"] {
            try await openssl(["req", "-new"] + curve + ["-keyout", "\(name).key", "-out", "\(name).csr",
                              "-config", "pki.cnf", "-subj", "/CN=\(name)"], in: directory)
            try await openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                              "-CAcreateserial", "-days", "2", "-out", "\(name).pem",
                              "-extfile", "pki.cnf", "-extensions", name], in: directory)
        }
        try await openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                           "-out", "stray.key"], in: directory)
        return TestPKI(directory: directory)
    }

    private static func openssl(_ arguments: [String], in directory: URL) async throws {
        let run = try await runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["openssl"] + arguments, in: directory)
        guard run.status == 0 else {
            throw PKIError(command: "openssl " + arguments.joined(separator: " "), message: run.standardError)
        }
    }

    struct PKIError: Error, CustomStringConvertible {
        var command: String
        var message: String
        var description: String { "\(command) failed (is the openssl command installed?): \(message)" }
    }
}
