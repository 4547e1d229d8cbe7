import ConnectionPooling
import Foundation
import RouteTesting
import Testing
import TicketingPostgres
import TicketingProtocol
import TicketingRedis
@testable import TicketingServer
import TicketingStorage

/// While the records' database is unreachable, requests answer 503 `service_unavailable` with
/// `Retry-After` (never 500), and nothing a client was told is lost: once it is back, the same
/// request (same Idempotency-Key) succeeds once.
@Suite("503 while a backend is down")
struct BackendOutageTests {
    @Test func unreachableDatabaseAnswers503WithRetryAfterAndARetrySucceedsOnce() async throws {
        let gate = try OutageGate()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qticket-outage-\(UUID().uuidString)", isDirectory: true)
        var config = ServerConfig(dataDirectory: directory)
        config.logSink = .discard
        config.passwordIterations = 1_000
        let records = GatedRecords(base: try Storage(directory: directory), gate: gate)
        let server = try QueueTicketServer(config: config, clock: .system, backend: ServerBackend(
            records: records, tokenKey: Array(repeating: 7, count: 32), redis: nil, leases: LocalPaymentLeases(),
            close: {}))
        let app = try await InProcessServer.run(server, dataDirectory: directory)
        defer { Task { await app.stop() } }
        let seller = app.client()
        _ = try await seller.signup(SignupRequest(email: "seller@example.com", password: "correct horse",
                                                  name: "Seller", role: "seller"))

        gate.set(down: true)
        let signup = try WireJSON.encode(SignupRequest(email: "late@example.com", password: "correct horse",
                                                       name: "Late", role: "buyer"))
        let key = ["Idempotency-Key": "signup-late"]
        for attempt in [
            try await app.client().send(method: "POST", path: "/v1/auth/signup", body: signup, headers: key),
            try await seller.send(method: "GET", path: "/v1/me"),
        ] {
            #expect(attempt.status == 503, "\(attempt.text)")
            #expect(attempt.errorCode == "service_unavailable")
            #expect(attempt.headers["retry-after"] == String(BackendOutage.retryAfterSeconds))
        }

        gate.set(down: false)
        let retried = try await app.client().send(method: "POST", path: "/v1/auth/signup", body: signup, headers: key)
        #expect(retried.status == 201, "\(retried.text)")
        #expect(retried.headers["idempotent-replayed"] == nil, "the 503 was not kept as the key's answer")
        #expect(try await records.base.userCount() == 2)
        #expect(try await seller.send(method: "GET", path: "/v1/me").status == 200)
    }

    @Test func whatCountsAsAnOutage() {
        let outages: [any Error] = [
            PoolError.acquireTimedOut(waited: .seconds(5), lastConnectError: "connection refused"), PoolError.closed,
            PostgresError.connection("server closed the connection unexpectedly"),
            PostgresError.server(sqlState: "57P01", message: "terminating connection due to administrator command"),
            PostgresError.server(sqlState: "08006", message: "connection failure"),
            RedisError.connection("Connection refused"), RedisError.server("LOADING Redis is loading the dataset in memory"),
            // As a script wrapper reports it (seen as 500s when Redis restarted mid-rush).
            RedisError.server("queue.join: LOADING Redis is loading the dataset in memory"),
        ]
        for error in outages { #expect(BackendOutage.covers(error), "\(error)") }
        let bugsOrRefusals: [any Error] = [
            StorageError.duplicate("usr_1"), PostgresError.server(sqlState: "23505", message: "duplicate key"),
            PostgresError.decoding("bad column"), RedisError.unexpectedReply("?"), RedisError.server("ERR wrong type"),
            RedisError.server("seats.hold: ERR Error running script"),
            APIFailure.internalError,
        ]
        for error in bugsOrRefusals { #expect(!BackendOutage.covers(error), "\(error)") }
    }
}
