import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A connection's input: one growable buffer filled by non-blocking reads that park in the
/// shared socket pool. Owned by the connection's reading task alone.
///
/// Reads land in a stack buffer and only the bytes received are kept, and an emptied buffer
/// gives its memory back: an idle keep-alive or WebSocket connection then holds no read buffer
/// at all (tens of thousands of subscribers each parked with 16–32 KiB reserved cost a GB).
struct SocketReader {
    let socket: Socket
    let pool: any AsyncSocketPool
    private(set) var buffer: [UInt8] = []
    private var start = 0
    static let readSize = 16 * 1024

    init(socket: Socket, pool: any AsyncSocketPool) {
        self.socket = socket
        self.pool = pool
    }

    var isEmpty: Bool { start == buffer.count }
    var count: Int { buffer.count - start }

    func withUnread<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    mutating func consume(_ count: Int) {
        start += count
        if start == buffer.count {
            buffer = []
            start = 0
        }
    }

    /// Takes `count` unread bytes out of the buffer.
    mutating func take(_ count: Int) -> [UInt8] {
        let taken = Array(buffer[start..<(start + count)])
        consume(count)
        return taken
    }

    /// Reads what the peer has sent (waiting for at least one byte); false at end of input.
    ///
    /// `waitingFirst`: nothing can have arrived yet (a keep-alive client sends its next request
    /// after reading our answer), so wait for the socket before reading instead of a `recv` that
    /// would only fail with EAGAIN: one system call fewer per request. A request already sent
    /// (pipelining) makes the socket ready at once.
    mutating func fill(waitingFirst: Bool = false) async throws -> Bool {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        if waitingFirst { try await pool.suspendSocket(socket, untilReadyFor: .read) }
        return try await receive(keep: true) > 0
    }

    /// Drops what is buffered, or else what the peer sends next (waiting for at least one
    /// byte); the number of bytes dropped, 0 at end of input.
    mutating func discard() async throws -> Int {
        let buffered = count
        guard buffered == 0 else {
            consume(buffered)
            return buffered
        }
        return try await receive(keep: false)
    }

    private mutating func receive(keep: Bool) async throws -> Int {
        while true {
            let (got, error) = Self.receiveOnce(socket.file.rawValue, keep: keep, into: &buffer)
            if got >= 0 { return got }
            switch error {
            case EAGAIN, EWOULDBLOCK: try await pool.suspendSocket(socket, untilReadyFor: .read)
            case EINTR: continue
            default: return 0
            }
        }
    }

    /// One `recv` into the thread's scratch buffer, keeping only what arrived. Synchronous on
    /// purpose: the scratch is the running thread's, so nothing may suspend between the `recv`
    /// and the copy. (A temporary allocation of 16 KiB is a `malloc` and `free` per read, and
    /// inside an async function it came from the task's allocator, which kept the slab for the
    /// life of every parked connection and WebSocket; BENCHMARKS.md.)
    private static func receiveOnce(_ fd: Int32, keep: Bool, into buffer: inout [UInt8]) -> (Int, Int32) {
        let chunk = ReceiveScratch.current()
        let got = recv(fd, chunk, readSize, 0)
        let error = errno
        if got > 0, keep { buffer.append(contentsOf: UnsafeBufferPointer(start: chunk, count: got)) }
        return (got, error)
    }
}

/// One receive buffer per thread, made on the thread's first read and freed when it exits: the
/// cooperative pool and the epoll threads are few and long-lived.
private enum ReceiveScratch {
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()

    static func current() -> UnsafeMutablePointer<UInt8> {
        if let scratch = pthread_getspecific(key) { return scratch.assumingMemoryBound(to: UInt8.self) }
        // malloc, to match the key's `free` when the thread exits.
        let scratch = malloc(SocketReader.readSize)!
        pthread_setspecific(key, scratch)
        return scratch.assumingMemoryBound(to: UInt8.self)
    }
}
