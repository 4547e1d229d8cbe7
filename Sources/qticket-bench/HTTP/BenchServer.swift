import Foundation
import TicketingClient
import TicketingDomain
import TicketingProtocol
import TicketingServer

/// A buyer the benchmark signed up: its bearer token and user id.
struct Buyer: Sendable {
    var id: String
    var token: String
}

/// A real QueueTicketServer, in this process or in a child, set up for measuring throughput:
/// cheap password hashing (setup only: signup is not measured), no logs, rate limits out of the way.
struct BenchServer: Sendable {
    let port: UInt16
    let seller: APIClient
    private let stopServer: @Sendable () async -> Void

    static func config(dataDirectory: URL, raiseLimits: Bool = true) -> ServerConfig {
        var config = ServerConfig(dataDirectory: dataDirectory)
        config.port = 0
        config.logSink = .discard
        config.passwordIterations = 1
        if raiseLimits {
            let open = RateLimit(burst: 1e12, perSecond: 1e12)
            config.rateLimits.perUserJoin = open
            config.rateLimits.perAddressJoin = open
            config.rateLimits.perAddressSignup = open
        }
        return config
    }

    static func temporaryDirectory(_ tag: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("qticket-bench-\(tag)-\(UUID().uuidString)",
                                                                        isDirectory: true)
    }

    /// A server in this process.
    static func start(dataDirectory: URL? = nil) async throws -> BenchServer {
        let server = try QueueTicketServer(config: config(dataDirectory: dataDirectory ?? temporaryDirectory("http")))
        try await server.start()
        return try await attach(port: server.port()) { await server.stop(timeout: 1) }
    }

    /// A server already listening on `port` (a child process); signs up the seller.
    static func attach(port: UInt16, stop: @escaping @Sendable () async -> Void) async throws -> BenchServer {
        let seller = APIClient(host: "127.0.0.1", port: port)
        _ = try await seller.signup(SignupRequest(email: "seller-\(UUID().uuidString.prefix(8))@bench.example.com",
                                                  password: "bench password", name: "Bench Seller", role: "seller"))
        return BenchServer(port: port, seller: seller, stopServer: stop)
    }

    func stop() async { await stopServer() }

    /// A venue from `hall` and an open performance selling every graded seat.
    func performance(hall: Hall, title: String, rate: Double, maxActive: Int,
                     maxSeats: Int = 4) async throws -> PerformanceDTO {
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        let request = CreatePerformanceRequest(
            venueId: venue.id, title: title, startsAt: Date().addingTimeInterval(86_400 * 30),
            saleOpensAt: Date().addingTimeInterval(-60), grades: hall.grades, holdSeconds: 300,
            maxSeatsPerOrder: maxSeats, admission: AdmissionSpec(ratePerSecond: rate, maxActive: maxActive,
                                                                 tokenTTLSeconds: 3_600))
        return try await seller.createPerformance(request)
    }

    /// Signs up `count` buyers over `parallel` kept-alive connections.
    func signUpBuyers(_ count: Int, parallel: Int = 16, tag: String) async throws -> [Buyer] {
        let port = self.port
        return try await withThrowingTaskGroup(of: [(Int, Buyer)].self) { group in
            for lane in 0..<parallel {
                group.addTask {
                    let api = APIClient(host: "127.0.0.1", port: port, timeout: 60)
                    var made: [(Int, Buyer)] = []
                    for i in stride(from: lane, to: count, by: parallel) {
                        let auth = try await api.signup(SignupRequest(email: "\(tag)-\(i)@bench.example.com",
                                                                      password: "bench password", name: "Buyer \(i)",
                                                                      role: "buyer"))
                        made.append((i, Buyer(id: auth.user.id, token: auth.token)))
                    }
                    await api.http.close()
                    return made
                }
            }
            var all = [Buyer?](repeating: nil, count: count)
            for try await batch in group { for (i, buyer) in batch { all[i] = buyer } }
            return all.compactMap { $0 }
        }
    }

    /// Joins the waiting room for each buyer, in the given order (so positions follow it).
    func join(_ buyers: [Buyer], performanceId: String) async throws -> [QueueStatusDTO] {
        let api = APIClient(host: "127.0.0.1", port: port, timeout: 60)
        var statuses: [QueueStatusDTO] = []
        for buyer in buyers {
            await api.setToken(buyer.token)
            statuses.append(try await api.post("/v1/performances/\(performanceId)/queue", as: QueueStatusDTO.self))
        }
        await api.http.close()
        return statuses
    }
}

enum BenchRequests {
    static func join(_ performanceId: String, token: String) -> ClientRequest {
        ClientRequest(method: "POST", path: "/v1/performances/\(performanceId)/queue",
                      headers: ["Accept": "application/json", "Authorization": "Bearer \(token)"])
    }

    static func get(_ path: String) -> ClientRequest {
        ClientRequest(method: "GET", path: path, headers: ["Accept": "application/json"])
    }
}
