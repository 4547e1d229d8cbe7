import Foundation
import Testing
@testable import TicketingServer

/// `--redis` / `--postgres`: from flags, environment or TOML, both or neither, URLs checked.
@Suite("Settings: the distributed backend")
struct DistributedSettingsTests {
    static let redis = "redis://127.0.0.1:6390/2"
    static let postgres = "postgresql://qticket@127.0.0.1:5433/qticket"

    @Test func neitherRunsEmbedded() throws {
        #expect(try SettingsResolver(environment: [:]).serverConfig(flags: [:]).distributed == nil)
    }

    @Test func bothFromFlags() throws {
        let config = try SettingsResolver(environment: [:])
            .serverConfig(flags: ["--redis": Self.redis, "--postgres": Self.postgres])
        let distributed = try #require(config.distributed)
        #expect(distributed.redisURL == Self.redis && distributed.postgresURL == Self.postgres)
        let endpoint = try distributed.redis
        #expect(endpoint.host == "127.0.0.1" && endpoint.port == 6390 && endpoint.database == 2)
        #expect(distributed.postgres.url == Self.postgres)
    }

    @Test func bothFromTheEnvironment() throws {
        let config = try SettingsResolver(environment: ["QTICKET_REDIS": Self.redis, "QTICKET_POSTGRES": Self.postgres])
            .serverConfig(flags: [:])
        #expect(config.distributed == DistributedSettings(redisURL: Self.redis, postgresURL: Self.postgres))
        let long = try SettingsResolver(environment: ["QTICKET_BACKEND_REDIS": Self.redis,
                                                      "QTICKET_BACKEND_POSTGRES": Self.postgres])
            .serverConfig(flags: [:])
        #expect(long.distributed?.redisURL == Self.redis)
    }

    @Test func bothFromTOML() throws {
        let file = try ConfigFile.parse("""
            [backend]
            redis = "\(Self.redis)"
            postgres = "\(Self.postgres)"
            """)
        let config = try SettingsResolver(file: file, environment: [:]).serverConfig(flags: [:])
        #expect(config.distributed?.postgresURL == Self.postgres)
        // A flag overrides the file, as for every row.
        let other = "redis://10.0.0.9:6379"
        let flagged = try SettingsResolver(file: file, environment: [:]).serverConfig(flags: ["--redis": other])
        #expect(flagged.distributed?.redisURL == other)
    }

    /// The requests' Redis pool per node: 8 connections ran dry at 2,000 buyers on 3 nodes.
    @Test func theRedisPoolSizeIsASetting() throws {
        let both = ["QTICKET_REDIS": Self.redis, "QTICKET_POSTGRES": Self.postgres]
        let plain = try SettingsResolver(environment: both).serverConfig(flags: [:])
        #expect(plain.distributed?.redisConnections == 32)
        let sized = try SettingsResolver(environment: both.merging(["QTICKET_REDIS_CONNECTIONS": "64"]) { $1 })
            .serverConfig(flags: [:])
        #expect(sized.distributed?.redisConnections == 64)
        #expect(throws: SettingsError.self) {
            _ = try SettingsResolver(environment: both.merging(["QTICKET_REDIS_CONNECTIONS": "0"]) { $1 })
                .serverConfig(flags: [:])
        }
    }

    @Test func oneAloneIsRefusedNamingTheOther() {
        #expect {
            _ = try SettingsResolver(environment: [:]).serverConfig(flags: ["--redis": Self.redis])
        } throws: { ($0 as? SettingsError)?.description.contains("--redis needs --postgres") == true }
        #expect {
            _ = try SettingsResolver(environment: ["QTICKET_POSTGRES": Self.postgres]).serverConfig(flags: [:])
        } throws: { ($0 as? SettingsError)?.description.contains("--postgres needs --redis") == true }
    }

    @Test(arguments: [
        ("backend.redis", "http://127.0.0.1:6379"), ("backend.redis", "redis://"), ("backend.redis", "redis://h:6379/x"),
        ("backend.redis", "127.0.0.1:6379"), ("backend.postgres", "mysql://u@h:3306/db"),
        ("backend.postgres", "postgresql://u@h:5432"), ("backend.postgres", "postgresql://u@h:5432/"),
        ("backend.postgres", "postgresql:///db"), ("backend.postgres", "postgresql://u@h:99999/db"),
    ])
    func badURLsAreRefusedByTheirRow(key: String, bad: String) {
        let other = key == "backend.redis" ? ["backend.postgres": Self.postgres] : ["backend.redis": Self.redis]
        #expect {
            _ = try SettingsResolver(file: ConfigFile(values: other.merging([key: bad]) { $1 }), environment: [:])
                .serverConfig(flags: [:])
        } throws: { ($0 as? SettingsError)?.description.contains(key) == true }
    }

    @Test func goodURLVariantsPass() {
        #expect(DistributedSettings(redisURL: "redis://localhost", postgresURL: "postgres://h/db") != nil)
        #expect(DistributedSettings(redisURL: "redis://r:6379/0", postgresURL: "postgresql://u@h:5432/db") != nil)
    }

    /// The admin subcommands resolve the same two rows, with the same rule.
    @Test func adminOptionsFollowTheSameRule() throws {
        let resolver = SettingsResolver(environment: [:])
        #expect(try resolver.distributed(redis: nil, postgres: nil) == nil)
        #expect(try resolver.distributed(redis: Self.redis, postgres: Self.postgres)?.redisURL == Self.redis)
        #expect(throws: SettingsError.self) { try resolver.distributed(redis: nil, postgres: Self.postgres) }
        let fromEnv = SettingsResolver(environment: ["QTICKET_REDIS": Self.redis])
        #expect(try fromEnv.distributed(redis: nil, postgres: Self.postgres)?.postgresURL == Self.postgres)
    }

    /// `admin …` and `settle`: `--data`, or both engines, never both ways at once.
    @Test func adminTargetIsTheDataDirectoryOrTheEngines() throws {
        let resolver = SettingsResolver(environment: [:])
        guard case .dataDirectory(let url) = try AdminTasks.Target.resolve(data: "/tmp/d", redis: nil, postgres: nil,
                                                                          resolver: resolver) else {
            Issue.record("--data alone should name the data directory")
            return
        }
        #expect(url.path == "/tmp/d")
        guard case .distributed(let settings) = try AdminTasks.Target.resolve(
            data: nil, redis: Self.redis, postgres: Self.postgres, resolver: resolver) else {
            Issue.record("--redis and --postgres should name the engines")
            return
        }
        #expect(settings.postgresURL == Self.postgres)
        #expect(throws: SettingsError.self) {
            try AdminTasks.Target.resolve(data: "/tmp/d", redis: Self.redis, postgres: Self.postgres, resolver: resolver)
        }
        #expect(throws: SettingsError.self) {
            try AdminTasks.Target.resolve(data: nil, redis: nil, postgres: nil, resolver: resolver)
        }
        #expect(throws: SettingsError.self) {
            try AdminTasks.Target.resolve(data: nil, redis: Self.redis, postgres: nil, resolver: resolver)
        }
    }
}
