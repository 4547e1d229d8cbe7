import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One connection's deadlines. The sweeper enforces them by shutting the socket down, which
/// wakes whatever read or write is parked in the pool; the connection then sees end of input
/// (or a failed write) and asks `expired` what happened.
final class ConnectionWatch: Sendable {
    let fd: Int32
    /// Monotonic nanoseconds; 0 means no deadline.
    private let readDeadline = Atomic<UInt64>(0)
    private let writeDeadline = Atomic<UInt64>(0)
    private let readExpired = Atomic<Bool>(false)
    /// Set while a connection waits for its next request with nothing read: stop may close it.
    let idle = Atomic<Bool>(false)

    init(fd: Int32) {
        self.fd = fd
    }

    var expired: Bool { readExpired.load(ordering: .acquiring) }

    func readBy(_ timeout: Duration?) {
        readDeadline.store(timeout.map { Self.now() &+ Self.nanos($0) } ?? 0, ordering: .releasing)
    }

    func writeBy(_ timeout: Duration?) {
        writeDeadline.store(timeout.map { Self.now() &+ Self.nanos($0) } ?? 0, ordering: .releasing)
    }

    /// Called by the sweeper (under the registry lock, so the descriptor is still this connection's).
    func enforce(now: UInt64) {
        let read = readDeadline.load(ordering: .acquiring)
        if read != 0, now > read {
            readDeadline.store(0, ordering: .relaxed)
            readExpired.store(true, ordering: .releasing)
            // Reads end; writes still work, so a 408 can go out.
            shutdown(fd, Int32(SHUT_RD))
        }
        let write = writeDeadline.load(ordering: .acquiring)
        if write != 0, now > write {
            writeDeadline.store(0, ordering: .relaxed)
            shutdown(fd, Int32(SHUT_RDWR))
        }
    }

    /// Ends the connection now, whatever it is doing (server stop).
    func cut() {
        readExpired.store(true, ordering: .releasing)
        shutdown(fd, Int32(SHUT_RDWR))
    }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func nanos(_ duration: Duration) -> UInt64 {
        let parts = duration.components
        return UInt64(max(0, parts.seconds)) * 1_000_000_000 + UInt64(max(0, parts.attoseconds / 1_000_000_000))
    }
}

/// Every open connection, for the cap, the deadline sweeper and server stop. A connection is
/// removed before its descriptor is closed, and the sweeper shuts sockets down only while
/// holding the lock, so a shutdown never lands on a reused descriptor.
final class ConnectionRegistry: Sendable {
    private let watches = Mutex<[Int32: ConnectionWatch]>([:])

    /// Registers unless `limit` connections are already open.
    func admit(_ watch: ConnectionWatch, limit: Int) -> Bool {
        watches.withLock { all in
            guard all.count < limit else { return false }
            all[watch.fd] = watch
            return true
        }
    }

    func remove(_ watch: ConnectionWatch) {
        _ = watches.withLock { $0.removeValue(forKey: watch.fd) }
    }

    var count: Int { watches.withLock { $0.count } }

    func sweep() {
        let now = ConnectionWatch.now()
        watches.withLock { all in
            for watch in all.values { watch.enforce(now: now) }
        }
    }

    /// Cuts idle connections (or all of them) at stop.
    func cut(onlyIdle: Bool) {
        watches.withLock { all in
            for watch in all.values where !onlyIdle || watch.idle.load(ordering: .acquiring) { watch.cut() }
        }
    }
}

/// Set once when the server stops; connections read it between requests.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}
