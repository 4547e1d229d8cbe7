import ConnectionPooling
import Foundation
import Testing
import TicketingDomain
@testable import TicketingRedis

/// The private Redis that `.ci/test` starts (scripts/services.sh). Without it these suites are
/// skipped, saying so; CI always sets it.
enum RedisTestServer {
    static let url = ProcessInfo.processInfo.environment["QT_TEST_REDIS_URL"]
    static let skipMessage: Comment = "QT_TEST_REDIS_URL is not set: run scripts/services.sh start DIR and source DIR/env"

    static func endpoint() throws -> RedisEndpoint {
        try RedisEndpoint(url: try #require(url))
    }

    static func pool(maxConnections: Int = 8, acquireTimeout: Duration = .seconds(10)) throws -> RedisPool {
        .redis(try endpoint(), options: .init(maxConnections: maxConnections, acquireTimeout: acquireTimeout))
    }

    /// A performance of its own per test, so suites running side by side never share keys.
    static func freshKeys() -> PerformanceKeys {
        PerformanceKeys(performanceId: "test-\(UUID().uuidString.lowercased())")
    }
}

/// Runs `count` tasks at once and collects their results in completion order.
func race<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
    try await withThrowingTaskGroup(of: T.self) { group in
        for index in 0..<count { group.addTask { try await body(index) } }
        return try await group.reduce(into: []) { $0.append($1) }
    }
}
