import Foundation
import Testing
import TicketingClient
import TicketingServer

@Suite("TLS configuration errors stop the server at startup")
struct TLSStartupTests {
    private func configuration(cert: String, key: String) -> ServerConfig {
        var config = ServerConfig(dataDirectory: FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-tls-\(UUID().uuidString)", isDirectory: true))
        config.port = 0
        config.logSink = .discard
        config.tls = (certPath: cert, keyPath: key)
        return config
    }

    private func startupError(cert: String, key: String) -> String? {
        let config = configuration(cert: cert, key: key)
        do {
            _ = try QueueTicketServer(config: config)
            return nil
        } catch {
            // Checked before anything else: a refused start leaves no data directory behind.
            #expect(!FileManager.default.fileExists(atPath: config.dataDirectory.path))
            return String(describing: error)
        }
    }

    @Test func aKeyThatDoesNotFitTheCertificateIsNamed() async throws {
        let pki = try await TestPKI.shared()
        #expect(startupError(cert: pki.serverCert, key: pki.strayKey)
                == "TLS configuration: the private key in \(pki.strayKey) does not match the certificate in \(pki.serverCert)")
        #expect(startupError(cert: pki.serverCert, key: pki.serverKey) == nil)
    }

    @Test func unreadableAndMalformedFilesAreNamed() async throws {
        let pki = try await TestPKI.shared()
        let missing = pki.path("missing.pem")
        #expect(startupError(cert: missing, key: pki.serverKey)
                == "TLS configuration: cannot read the certificate file \(missing): No such file or directory")
        #expect(startupError(cert: pki.serverCert, key: missing)
                == "TLS configuration: cannot read the key file \(missing): No such file or directory")
        #expect(startupError(cert: pki.serverKey, key: pki.serverKey)?
            .hasPrefix("TLS configuration: no certificate could be read from \(pki.serverKey)") == true)
        #expect(startupError(cert: pki.serverCert, key: pki.serverCert)?
            .hasPrefix("TLS configuration: no private key could be read from \(pki.serverCert)") == true)
        #expect(throws: TLSError.self) { try TLSOptions(caFile: missing) }
    }

    @Test func flagsAndEnvironmentNameBothFilesOrNeither() throws {
        let fromEnvironment = SettingsResolver(environment: ["QTICKET_TLS_CERT": "c.pem", "QTICKET_TLS_KEY": "k.pem"])
        let files = try fromEnvironment.tlsFiles(cert: nil, key: nil)
        #expect(files?.certPath == "c.pem" && files?.keyPath == "k.pem")
        #expect(try fromEnvironment.tlsFiles(cert: "flag.pem", key: nil)?.certPath == "flag.pem")
        #expect(try SettingsResolver(environment: [:]).tlsFiles(cert: nil, key: nil) == nil)
        #expect(throws: SettingsError.self) { try SettingsResolver(environment: [:]).tlsFiles(cert: "c.pem", key: nil) }
        #expect(throws: SettingsError.self) { try SettingsResolver(environment: [:]).tlsFiles(cert: nil, key: "k.pem") }
    }

    @Test func qticketdExitsWithTheReasonWhenTheKeyDoesNotFit() async throws {
        let pki = try await TestPKI.shared()
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-tls-\(UUID().uuidString)")
        let run = try await runProcess(ChildServer.binary, ["--port", "0", "--data", data.path,
                                                            "--tls-cert", pki.serverCert, "--tls-key", pki.strayKey])
        #expect(run.status != 0)
        #expect(run.standardError.contains("does not match the certificate"))
    }
}
