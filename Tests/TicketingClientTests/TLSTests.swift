import Foundation
import Testing
@testable import TicketingClient

@Suite("HTTPClient over TLS (openssl s_server)")
struct TLSTests {
    static let page = "hello over tls\n"

    @Test func fetchesOverTLSFromATrustedServerNamedInItsCertificate() async throws {
        let server = try await OpenSSLServer.start(subjectAltName: "DNS:localhost", files: ["hello.txt": Self.page])
        defer { server.stop() }
        let client = HTTPClient(host: "localhost", port: server.port, timeout: 10,
                                tls: TLSConfiguration(trustedCertificatesFile: server.certificateFile))
        for _ in 0..<2 {
            let response = try await client.send(ClientRequest(method: "GET", path: "/hello.txt"))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == Self.page)
        }
        await client.close()
    }

    @Test func checksIPAddressesAgainstTheCertificatesIPEntries() async throws {
        let server = try await OpenSSLServer.start(subjectAltName: "IP:127.0.0.1", files: ["hello.txt": Self.page])
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 10,
                                tls: TLSConfiguration(trustedCertificatesFile: server.certificateFile))
        let response = try await client.send(ClientRequest(method: "GET", path: "/hello.txt"))
        #expect(String(decoding: response.body, as: UTF8.self) == Self.page)
        await client.close()
    }

    @Test func refusesACertificateTheSystemDoesNotTrust() async throws {
        let server = try await OpenSSLServer.start(subjectAltName: "DNS:localhost", files: ["hello.txt": Self.page])
        defer { server.stop() }
        let client = HTTPClient(host: "localhost", port: server.port, timeout: 10, tls: .systemTrust)
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(ClientRequest(method: "GET", path: "/hello.txt"))
        }
        guard case .connectionFailed(let reason) = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("certificate verify failed"))
    }

    @Test func refusesATrustedCertificateIssuedForAnotherName() async throws {
        let server = try await OpenSSLServer.start(subjectAltName: "DNS:localhost", files: ["hello.txt": Self.page])
        defer { server.stop() }
        let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 10,
                                tls: TLSConfiguration(trustedCertificatesFile: server.certificateFile))
        let error = await #expect(throws: HTTPClientError.self) {
            try await client.send(ClientRequest(method: "GET", path: "/hello.txt"))
        }
        guard case .connectionFailed(let reason) = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("mismatch"))
    }

    @Test func aServerThatDoesNotSpeakTLSFailsTheConnect() async throws {
        try await withTestServer(configure: addHTTPRoutes) { server in
            let client = HTTPClient(host: "127.0.0.1", port: server.port, timeout: 5, tls: .systemTrust)
            await #expect(throws: HTTPClientError.self) {
                try await client.send(ClientRequest(method: "GET", path: "/peer"))
            }
        }
    }
}
