import ConnectionPooling
import Foundation
import Testing
@testable import TicketingPostgres

/// The private PostgreSQL that `.ci/test` starts (scripts/services.sh). Without it these suites
/// are skipped, saying so; CI always sets it.
enum PostgresTestServer {
    static let url = ProcessInfo.processInfo.environment["QT_TEST_POSTGRES_URL"]
    static let skipMessage: Comment = "QT_TEST_POSTGRES_URL is not set: run scripts/services.sh start DIR and source DIR/env"

    /// A schema of its own per test, so suites running side by side never share tables.
    static func freshSchema() async throws -> String {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try await PostgresConnection.connect(PostgresConfiguration(url: try #require(url)))
        try await admin.execute("CREATE SCHEMA \(schema)")
        await admin.close()
        return schema
    }

    static func pool(schema: String, maxConnections: Int = 4) throws -> PostgresPool {
        .postgres(PostgresConfiguration(url: try #require(url), searchPath: schema),
                  options: .init(maxConnections: maxConnections, acquireTimeout: .seconds(10)))
    }

    static func migratedPool(maxConnections: Int = 4) async throws -> PostgresPool {
        let pool = try pool(schema: try await freshSchema(), maxConnections: maxConnections)
        try await PostgresMigrator.migrate(pool)
        return pool
    }
}

func race<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
    try await withThrowingTaskGroup(of: T.self) { group in
        for index in 0..<count { group.addTask { try await body(index) } }
        return try await group.reduce(into: []) { $0.append($1) }
    }
}
