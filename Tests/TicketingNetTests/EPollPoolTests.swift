#if canImport(Glibc)
import FlyingSocks
import Foundation
import Glibc
import Testing
@testable import TicketingNet

/// The epoll pool: waits resume on readiness, a reader and a writer share a descriptor, a
/// cancelled wait leaves at once and a reused descriptor number is armed afresh.
@Suite("EPollPool")
struct EPollPoolTests {
    // A pool's thread lives as long as the process: the tests share two.
    private static let plain = Result { try EPollPool(shutdownOnCancel: false) }
    private static let shutting = Result { try EPollPool(shutdownOnCancel: true) }

    /// A connected pair of non-blocking stream sockets.
    private func pair() throws -> (Socket, Socket) {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else { throw SocketError.makeFailed("socketpair") }
        let a = Socket(file: .init(rawValue: fds[0]))
        let b = Socket(file: .init(rawValue: fds[1]))
        try a.setFlags(.nonBlocking)
        try b.setFlags(.nonBlocking)
        return (a, b)
    }

    private func send(_ byte: UInt8, to socket: Socket) {
        var value = byte
        #expect(Glibc.write(socket.file.rawValue, &value, 1) == 1)
    }

    @Test func aParkedReadWakesWhenDataArrivesAndAgainForTheNext() async throws {
        let pool = try Self.plain.get()
        let (a, b) = try pair()
        defer { try? a.close(); try? b.close() }
        for round in 0..<3 {
            let waiter = Task { try await pool.suspendSocket(a, untilReadyFor: .read) }
            send(UInt8(round), to: b)
            try await waiter.value
            var got: UInt8 = 0
            #expect(Glibc.read(a.file.rawValue, &got, 1) == 1)
            #expect(got == UInt8(round))
        }
    }

    @Test func readyBeforeTheWaitResumesAtOnce() async throws {
        let pool = try Self.plain.get()
        let (a, b) = try pair()
        defer { try? a.close(); try? b.close() }
        send(7, to: b)
        try await pool.suspendSocket(a, untilReadyFor: .read)
        try await pool.suspendSocket(b, untilReadyFor: .write)
    }

    @Test func aWriterIsWokenWhileAReaderStaysParkedOnTheSameSocket() async throws {
        let pool = try Self.plain.get()
        let (a, b) = try pair()
        defer { try? a.close(); try? b.close() }
        // Fill a's send side so a writer has to wait.
        var chunk = [UInt8](repeating: 1, count: 65_536)
        while Glibc.write(a.file.rawValue, &chunk, chunk.count) > 0 {}
        let reader = Task { try await pool.suspendSocket(a, untilReadyFor: .read) }
        let writer = Task { try await pool.suspendSocket(a, untilReadyFor: .write) }
        // Drain b so a becomes writable; nothing has been sent to a.
        while Glibc.read(b.file.rawValue, &chunk, chunk.count) > 0 {}
        try await writer.value
        send(9, to: b)
        try await reader.value
    }

    @Test func aCancelledWaitThrowsAndTheSocketWorksAfter() async throws {
        let pool = try Self.plain.get()
        let (a, b) = try pair()
        defer { try? a.close(); try? b.close() }
        let waiter = Task { try await pool.suspendSocket(a, untilReadyFor: .read) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        send(1, to: b)
        try await pool.suspendSocket(a, untilReadyFor: .read)
    }

    @Test func cancellingWithShutdownEndsTheStream() async throws {
        let pool = try Self.shutting.get()
        let (a, b) = try pair()
        defer { try? a.close(); try? b.close() }
        let waiter = Task { try await pool.suspendSocket(a, untilReadyFor: .read) }
        // Parked or not, the cancellation must reach it.
        try await Task.sleep(for: .milliseconds(5))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        var got: UInt8 = 0
        #expect(Glibc.read(b.file.rawValue, &got, 1) == 0)
    }

    @Test func aReusedDescriptorNumberIsArmedAfresh() async throws {
        let pool = try Self.plain.get()
        for round in 0..<20 {
            let (a, b) = try pair()
            send(UInt8(round), to: b)
            try await pool.suspendSocket(a, untilReadyFor: .read)
            try a.close()
            try b.close()
        }
    }

    @Test func manyConcurrentWaitersEachWakeOnce() async throws {
        let pool = try Self.plain.get()
        let pairs = try (0..<200).map { _ in try pair() }
        defer { for (a, b) in pairs { try? a.close(); try? b.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (a, _) in pairs {
                group.addTask { try await pool.suspendSocket(a, untilReadyFor: .read) }
            }
            for (_, b) in pairs { send(1, to: b) }
            try await group.waitForAll()
        }
    }

    // The pool as a task executor: what the server's connections run on.

    @Test func aTaskThatPrefersThePoolRunsOnItsThreadAcrossSocketWaits() async throws {
        let pool = try Self.plain.get()
        let (a, b) = try pair()
        defer { try? a.close(); try? b.close() }
        let placed = Task(executorPreference: pool) { () async throws -> [Bool] in
            var seen = [pool.isCurrentThread]
            for _ in 0..<3 {
                try await pool.suspendSocket(a, untilReadyFor: .read)
                var got: UInt8 = 0
                _ = Glibc.read(a.file.rawValue, &got, 1)
                seen.append(pool.isCurrentThread)
            }
            return seen
        }
        for round in 0..<3 {
            try await Task.sleep(for: .milliseconds(2))
            send(UInt8(round), to: b)
        }
        #expect(try await placed.value == [true, true, true, true])
        #expect(!pool.isCurrentThread)
    }

    /// A resumption from another thread while the loop sleeps in `epoll_wait` must wake it
    /// (the eventfd); a lost wake-up would hang here.
    @Test func workResumedFromOtherThreadsWakesTheSleepingLoop() async throws {
        let pool = try Self.plain.get()
        #expect(await Self.resumedFromOtherThreads(on: pool, rounds: 200, pausingEvery: 4, for: 500) == 200)
    }

    /// Rounds of a task preferring `pool` that each wait for a Dispatch thread to resume it (every
    /// `pausingEvery`th after `microseconds`); how many resumed on the loop's thread.
    private static func resumedFromOtherThreads(on pool: EPollPool, rounds: Int, pausingEvery: Int,
                                                for microseconds: Int) async -> Int {
        await Task(executorPreference: pool) { () async -> Int in
            var resumedOnLoop = 0
            for round in 0..<rounds {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let delay = DispatchTime.now() + .microseconds(round % pausingEvery == 0 ? microseconds : 0)
                    DispatchQueue.global().asyncAfter(deadline: delay) { continuation.resume() }
                }
                if pool.isCurrentThread { resumedOnLoop += 1 }
            }
            return resumedOnLoop
        }.value
    }

    // Napping while busy (`LoopCoalescing`): each test has a pool of its own to count naps on.

    private static let napping = LoopCoalescing(nap: .milliseconds(2), busyEventsPerSecond: 100, busySockets: 8)

    @Test func aLoneClientIsNeverMadeToNap() async throws {
        let pool = try EPollPool(shutdownOnCancel: false)
        pool.coalescing = Self.napping
        let (a, b) = try pair()
        defer { try? a.close(); try? b.close() }
        let started = ContinuousClock.now
        var rounds = 0
        // Past several periods, as fast as one socket goes.
        while ContinuousClock.now - started < .milliseconds(350) || rounds < 100 {
            let waiter = Task { try await pool.suspendSocket(a, untilReadyFor: .read) }
            send(1, to: b)
            try await waiter.value
            var got: UInt8 = 0
            _ = Glibc.read(a.file.rawValue, &got, 1)
            rounds += 1
        }
        #expect(pool.naps == 0)
    }

    @Test func aLoopBusyWithManySocketsNapsAndLosesNoWakeUp() async throws {
        let pool = try EPollPool(shutdownOnCancel: false)
        pool.coalescing = Self.napping
        let pairs = try (0..<32).map { _ in try pair() }
        defer { for (a, b) in pairs { try? a.close(); try? b.close() } }
        let started = ContinuousClock.now
        while pool.naps == 0, ContinuousClock.now - started < .seconds(20) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (a, _) in pairs {
                    group.addTask(executorPreference: pool) {
                        try await pool.suspendSocket(a, untilReadyFor: .read)
                        var got: UInt8 = 0
                        _ = Glibc.read(a.file.rawValue, &got, 1)
                    }
                }
                for (_, b) in pairs { send(1, to: b) }
                try await group.waitForAll()
            }
        }
        #expect(pool.naps > 0)
        // Work resumed from other threads while the loop naps, and after it goes back to sleeping
        // in epoll_wait, still runs on it.
        #expect(await Self.resumedFromOtherThreads(on: pool, rounds: 100, pausingEvery: 10, for: 30_000) == 100)
    }

    /// Clients that wait for the loop (each sends again only once answered) find themselves all
    /// waiting after a nap: the loop stops napping instead of slowing them down every round.
    @Test func clientsThatAllWaitOnTheLoopStopItsNaps() async throws {
        let pool = try EPollPool(shutdownOnCancel: false)
        pool.coalescing = Self.napping
        let pairs = try (0..<32).map { _ in try pair() }
        defer { for (a, b) in pairs { try? a.close(); try? b.close() } }
        // A connection's reader stays parked on its socket between requests, as the server's do.
        let (served, answer) = AsyncStream<Void>.makeStream()
        let readers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (a, _) in pairs {
                    group.addTask(executorPreference: pool) {
                        while true {
                            try await pool.suspendSocket(a, untilReadyFor: .read)
                            var got: UInt8 = 0
                            guard Glibc.read(a.file.rawValue, &got, 1) == 1, got == 1 else { return }
                            answer.yield()
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        var answers = served.makeAsyncIterator()
        let started = ContinuousClock.now
        let rounds = 400
        for _ in 0..<rounds {
            for (_, b) in pairs { send(1, to: b) }
            for _ in pairs { await answers.next() }
        }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        for (_, b) in pairs { send(0, to: b) }
        try await readers.value
        // Without the hold-off a nap every third round or more (116 when run alone); with it, one
        // per ten periods (a second). A driver starved by other tests leaves the loop napping on
        // empty until it stops counting as busy: 21 naps in 7 s once, still far below a quarter.
        #expect(pool.naps * 4 < rounds, "\(pool.naps) naps in \(rounds) rounds, \(seconds) s")
    }

    private actor Tally {
        var count = 0
        func add() -> Bool { count += 1; return true }
    }

    @Test func aDefaultActorCalledFromThePoolRunsThereAndStaysSerial() async throws {
        let pool = try Self.plain.get()
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask(executorPreference: pool) {
                    for _ in 0..<500 { _ = await tally.add() }
                }
            }
            for _ in 0..<8 {
                group.addTask { for _ in 0..<500 { _ = await tally.add() } }
            }
            try await group.waitForAll()
        }
        #expect(await tally.count == 8_000)
        let placed = Task(executorPreference: pool) { () async -> Bool in
            _ = await tally.add()
            return pool.isCurrentThread
        }
        #expect(await placed.value)
    }
}
#endif
