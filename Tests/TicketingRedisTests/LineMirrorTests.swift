import Foundation
import Testing
import TicketingDomain
@testable import TicketingRedis

@Suite("A node's copy of the line")
struct LineMirrorTests {
    typealias Key = LineMirror.Key

    @Test func equalScoresOrderByMemberBytesAsRedisDoes() {
        var mirror = LineMirror()
        mirror.load(version: 3, line: [Key(score: -7, member: "b"), Key(score: -7, member: "a"), Key(score: 2, member: "c")])
        #expect(mirror.ahead(of: Key(score: -7, member: "a")) == 0)
        #expect(mirror.ahead(of: Key(score: -7, member: "b")) == 1)
        #expect(mirror.ahead(of: Key(score: 2, member: "c")) == 2)
        #expect(mirror.ahead(of: Key(score: 2, member: "z")) == nil, "a place nobody holds")
        let applied = mirror.apply(LineEvent(version: 4, change: .joined(Key(score: -7, member: "ab"))))
        #expect(applied)
        #expect(mirror.ahead(of: Key(score: -7, member: "b")) == 2)
    }

    @Test func aSkippedVersionOrAnUnexpectedHeadEmptiesTheCopy() {
        var mirror = LineMirror()
        mirror.load(version: 10, line: [Key(score: 1, member: "a"), Key(score: 2, member: "b")])
        let skipped = mirror.apply(LineEvent(version: 12, change: .joined(Key(score: 3, member: "c"))))
        #expect(!skipped)
        #expect(!mirror.isLoaded && mirror.count == 0)
        mirror.load(version: 10, line: [Key(score: 1, member: "a"), Key(score: 2, member: "b")])
        let wrongHead = mirror.apply(LineEvent(version: 11, change: .admitted(count: 1, last: Key(score: 2, member: "b"))))
        #expect(!wrongHead, "the head admitted was a, not b")
        #expect(!mirror.isLoaded)
        mirror.load(version: 10, line: [Key(score: 1, member: "a"), Key(score: 2, member: "b")])
        let stranger = mirror.apply(LineEvent(version: 11, change: .left(Key(score: 5, member: "e"))))
        #expect(!stranger)
        #expect(!mirror.isLoaded)
    }

    @Test func admissionsAndLeavesMoveEveryoneBehindUp() {
        var mirror = LineMirror()
        mirror.load(version: 0, line: [])
        var version = 0
        func next(_ change: LineEvent.Change) -> Bool {
            version += 1
            return mirror.apply(LineEvent(version: version, change: change))
        }
        for order in 1...5_000 { #expect(next(.joined(Key(score: order, member: "u\(order)")))) }
        #expect(next(.left(Key(score: 4_000, member: "u4000"))))
        #expect(next(.admitted(count: 2_500, last: Key(score: 2_500, member: "u2500"))))
        #expect(mirror.count == 2_499)
        #expect(mirror.ahead(of: Key(score: 2_501, member: "u2501")) == 0)
        #expect(mirror.ahead(of: Key(score: 4_001, member: "u4001")) == 1_499)
        #expect(mirror.ahead(of: Key(score: 2_500, member: "u2500")) == nil, "admitted")
        #expect(next(.admitted(count: 2_499, last: Key(score: 5_000, member: "u5000"))))
        #expect(mirror.count == 0)
        #expect(next(.joined(Key(score: 5_001, member: "late"))))
        #expect(mirror.ahead(of: Key(score: 5_001, member: "late")) == 0)
    }
}

@Suite("A copy of the line following the stream", .enabled(if: RedisTestServer.url != nil, RedisTestServer.skipMessage))
struct LineMirrorStreamTests {
    static let t0 = Date(timeIntervalSince1970: 2_000_000_000)

    /// Every line event after the copy's version, applied until the stream has no more.
    static func catchUp(_ mirror: inout LineMirror, log: RedisEventLog) async throws {
        while true {
            let tail = try await log.tail(after: Int.max / 2, noticesAfter: "$", lineAfter: mirror.version,
                                          block: .milliseconds(1))
            guard !tail.line.isEmpty else { return }
            for event in tail.line {
                let followed = mirror.apply(event)
                #expect(followed, "event \(event.version) follows on")
            }
        }
    }

    /// The copy and Redis agree on every place after joins before and after the opening (two
    /// pre-queue digests sharing their first 52 bits among them), racing joins, leaves, a
    /// disconnect grace running out and admissions; a copy loaded half-way agrees too.
    @Test func aCopyFollowingTheStreamRanksEveryBuyerAsZRANKDoes() async throws {
        let pool = try RedisTestServer.pool()
        let keys = RedisTestServer.freshKeys()
        let map = RedisSeatMap(pool: pool, keys: keys)
        try await map.load(seats: (1...500).map { "S-\($0)" }, maxPerOrder: 4)
        let room = RedisWaitingRoom(pool: pool, keys: keys)
        try await room.configure(ratePerSecond: 40, maxActive: 1_000, creditFrom: Self.t0)
        let log = RedisEventLog(pool: pool, keys: keys)
        var early = LineMirror()
        let (startVersion, startLine) = try await room.lineSnapshot()
        early.load(version: startVersion, line: startLine)

        var generator = SplitMix64(state: 19)
        for index in 0..<30 {
            let digest = index < 2 ? "abcdef0123456" + (index == 0 ? "f" : "0") + String(repeating: "0", count: 50)
                : (0..<64).map { _ in String(Int.random(in: 0..<16, using: &generator), radix: 16) }.joined()
            _ = try await room.join(buyer: "pre\(index)", now: Self.t0.addingTimeInterval(-60), preQueueKey: digest)
        }
        _ = try await race(120) { index in try await room.join(buyer: "b\(index)", now: Self.t0) }
        for index in stride(from: 3, to: 120, by: 7) { #expect(try await room.leave(buyer: "b\(index)", now: Self.t0)) }
        #expect(try await room.leave(buyer: "pre5", now: Self.t0))
        try await Self.catchUp(&early, log: log)

        var late = LineMirror()
        let (midVersion, midLine) = try await room.lineSnapshot()
        late.load(version: midVersion, line: midLine)
        for buyer in ["b10", "b60", "pre7"] { try await room.disconnected(buyer: buyer, now: Self.t0) }
        _ = try await room.admit(now: Self.t0.addingTimeInterval(0.5), admissionTTL: .seconds(300),
                                 disconnectGrace: .milliseconds(100))
        _ = try await room.admit(now: Self.t0.addingTimeInterval(1), admissionTTL: .seconds(300))
        _ = try await race(20) { index in try await room.join(buyer: "c\(index)", now: Self.t0.addingTimeInterval(1)) }
        #expect(try await room.leave(buyer: "b100", now: Self.t0))
        try await Self.catchUp(&early, log: log)
        try await Self.catchUp(&late, log: log)

        let waiting = try await room.waitingCount()
        #expect(waiting > 50 && waiting < 150, "admissions and leaves left part of the line: \(waiting)")
        for mirror in [early, late] {
            #expect(mirror.count == waiting)
            let everyone = (0..<30).map { "pre\($0)" } + (0..<120).map { "b\($0)" } + (0..<20).map { "c\($0)" }
            for buyer in everyone {
                let rank = try await room.ahead(of: buyer)
                let place = try await room.place(of: buyer)
                #expect((place.flatMap { mirror.ahead(of: $0) }) == rank, "\(buyer)")
            }
        }
        #expect(try await room.place(of: "b10") == nil, "the grace ran out")
        await pool.shutdown()
    }
}
