import Foundation
import Testing
import TicketingServer

@Suite("Configuration: flags, environment, TOML file")
struct ConfigTests {
    @Test func tomlSubsetParsesSectionsAndTypes() throws {
        let file = try ConfigFile.parse("""
            # comment
            [server]
            host = "0.0.0.0"   # trailing comment
            port = 9_090
            [log]
            level = "debug"
            pretty = false
            """)
        #expect(file["server.host"] == "0.0.0.0")
        #expect(file["server.port"] == "9090")
        #expect(file["log.level"] == "debug")
        #expect(file["log.pretty"] == "false")
    }

    /// A node told to pay through a gateway without its keys used to start and then refuse every
    /// order (no secret key: 503) or every checkout (no client key: the gateway's 401); it now
    /// stops at start-up, naming what is missing.
    static let missingKeys: [MissingGatewayKey] = [
        MissingGatewayKey(secret: "test_sk", client: nil, named: "QTICKET_PAYMENT_CLIENT_KEY"),
        MissingGatewayKey(secret: nil, client: "test_ck", named: "QTICKET_PAYMENT_SECRET_KEY"),
    ]

    @Test(arguments: missingKeys)
    func aGatewayWithoutItsKeysStopsTheStart(_ keys: MissingGatewayKey) async {
        let (secret, client, named) = (keys.secret, keys.client, keys.named)
        await #expect {
            _ = try await TestServer.start { config in
                config.paymentSandbox = false
                config.paymentGatewayURL = "http://127.0.0.1:9"
                config.paymentSecretKey = secret
                config.paymentClientKey = client
            }
        } throws: { error in
            (error as? SettingsError)?.description.contains(named) == true
        }
    }

    @Test func badLinesNameTheirLineNumber() {
        for (text, line) in [("port 8080", 1), ("[server]\nhost = unquoted", 2), ("a = \"open", 1)] {
            #expect {
                _ = try ConfigFile.parse(text)
            } throws: { error in
                (error as? ConfigError)?.line == line
            }
        }
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
        let file = try ConfigFile.parse("[server]\nport = 7000\nhost = \"10.0.0.1\"\ndata = \"/file\"")
        let resolver = SettingsResolver(file: file, environment: ["QTICKET_PORT": "7100", "QTICKET_DATA": "/env"])
        let config = try resolver.serverConfig(host: nil, port: "7200", data: nil, logLevel: nil)
        #expect(config.port == 7200)
        #expect(config.dataDirectory.path == "/env")
        #expect(config.host == "10.0.0.1")
        #expect(throws: SettingsError.self) {
            _ = try resolver.serverConfig(host: nil, port: "70000", data: nil, logLevel: nil)
        }
    }
}

struct MissingGatewayKey: Sendable {
    let secret: String?
    let client: String?
    let named: String
}
