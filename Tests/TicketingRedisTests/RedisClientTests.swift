import ConnectionPooling
import Foundation
import Testing
import TicketingDomain
@testable import TicketingRedis

@Suite("Redis client: replies, pipelining, scripts", .enabled(if: RedisTestServer.url != nil, RedisTestServer.skipMessage))
struct RedisClientTests {
    @Test func everyReplyTypeDecodes() async throws {
        let connection = try await RedisConnection.connect(to: try RedisTestServer.endpoint())
        let key = "{t:\(UUID().uuidString)}"
        #expect(try await connection.command(["SET", key + ":s", "héllo wörld"]) == .status("OK"))
        #expect(try await connection.command(["GET", key + ":s"]).string == "héllo wörld")
        #expect(try await connection.command(["INCRBY", key + ":n", "41"]) == .integer(41))
        #expect(try await connection.command(["GET", key + ":missing"]) == .null)
        #expect(try await connection.command(["SET", key + ":empty", ""]) == .status("OK"))
        #expect(try await connection.command(["GET", key + ":empty"]) == .bulk([]))
        _ = try await connection.command(["RPUSH", key + ":l", "a", "b c"])
        #expect(try await connection.command(["LRANGE", key + ":l", "0", "-1"]) == .array([.bulk(Array("a".utf8)), .bulk(Array("b c".utf8))]))
        #expect(try await connection.send(["INCR", key + ":s"]) == .error("ERR value is not an integer or out of range"))
        await #expect(throws: RedisError.server("ERR value is not an integer or out of range")) {
            try await connection.command(["INCR", key + ":s"])
        }
    }

    @Test func aPipelineAnswersInOrderWithErrorsInPlace() async throws {
        let connection = try await RedisConnection.connect(to: try RedisTestServer.endpoint())
        let key = "{t:\(UUID().uuidString)}"
        let replies = try await connection.pipeline([
            ["SET", key, "x"], ["INCR", key], ["DEL", key], ["INCR", key], ["INCR", key],
        ])
        #expect(replies.count == 5)
        #expect(replies[0] == .status("OK"))
        guard case .error = replies[1] else { Issue.record("INCR of a string must fail, got \(replies[1])"); return }
        #expect(Array(replies[2...]) == [.integer(1), .integer(1), .integer(2)])
    }

    @Test func aScriptIsLoadedAgainAfterTheServerForgetsIt() async throws {
        let connection = try await RedisConnection.connect(to: try RedisTestServer.endpoint())
        let script = RedisScript(name: "test.echo", source: "return {KEYS[1], ARGV[1], \(UInt32.random(in: 0...UInt32.max))}")
        let loaded = try await connection.command(["SCRIPT", "LOAD", script.source])
        #expect(loaded.string == script.sha1, "our SHA-1 must be the one EVALSHA uses")
        _ = try await connection.command(["SCRIPT", "FLUSH"])
        let reply = try await connection.evaluate(script, keys: ["k"], arguments: ["v"])
        #expect(reply.array?.prefix(2).map(\.string) == ["k", "v"])
        let exists = try await connection.command(["SCRIPT", "EXISTS", script.sha1])
        #expect(exists == .array([.integer(1)]))
    }

    @Test func aScriptErrorNamesTheScript() async throws {
        let connection = try await RedisConnection.connect(to: try RedisTestServer.endpoint())
        let script = RedisScript(name: "test.fails", source: "return redis.error_reply('ERR no way')")
        await #expect(throws: RedisError.server("test.fails: ERR no way")) {
            try await connection.evaluate(script, keys: [], arguments: [])
        }
    }

    @Test func endpointsParse() throws {
        #expect(try RedisEndpoint(url: "redis://10.0.0.5:6380/3") == RedisEndpoint(host: "10.0.0.5", port: 6380, database: 3))
        #expect(try RedisEndpoint(url: "redis://cache") == RedisEndpoint(host: "cache", port: 6379))
        #expect(throws: RedisError.invalidURL("http://x")) { try RedisEndpoint(url: "http://x") }
        #expect(throws: RedisError.invalidURL("redis://h/zero")) { try RedisEndpoint(url: "redis://h/zero") }
    }
}
