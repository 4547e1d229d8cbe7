import Foundation

/// Buffered reads over a `TCPStream`: lines for HTTP heads, exact counts for bodies and frames.
///
/// A value type owned by whoever drives the connection; bytes read past one message (the first
/// WebSocket frame right behind the 101 response, say) stay buffered for the next read.
struct ByteReader {
    let stream: TCPStream
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes received from the socket since the last `resetCount()`.
    private(set) var received = 0

    init(stream: TCPStream) {
        self.stream = stream
    }

    var hasBufferedBytes: Bool { start < buffer.count }

    mutating func resetCount() {
        received = 0
    }

    /// A line without its CRLF (a bare LF is accepted too). `limit` bounds the bytes searched.
    mutating func readLine(limit: Int) async throws -> String {
        var scanned = 0
        while true {
            if let newline = buffer[(start + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return line
            }
            scanned = buffer.count - start
            guard scanned <= limit else { throw ReadLimitExceeded(limit: limit) }
            try await fill()
        }
    }

    mutating func read(exactly count: Int) async throws -> [UInt8] {
        while buffer.count - start < count {
            try await fill()
        }
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        return bytes
    }

    /// Everything until the peer closes; throws `ReadLimitExceeded` past `limit` bytes.
    mutating func readToEnd(limit: Int) async throws -> [UInt8] {
        while true {
            guard buffer.count - start <= limit else { throw ReadLimitExceeded(limit: limit) }
            do {
                try await fill()
            } catch TransportFailure.closed {
                guard buffer.count - start <= limit else { throw ReadLimitExceeded(limit: limit) }
                let bytes = Array(buffer[start...])
                start = buffer.count
                return bytes
            }
        }
    }

    /// The buffered bytes not yet consumed, for a parser that works on whole buffers.
    func withUnread<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    mutating func consume(_ count: Int) {
        start += count
    }

    /// Appends what the stream has next; throws `TransportFailure.closed` at end of stream.
    mutating func fill() async throws {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > TCPStream.readSize {
            buffer.removeFirst(start)
            start = 0
        }
        let bytes = try await stream.read()
        received += bytes.count
        buffer.append(contentsOf: bytes)
    }
}

struct ReadLimitExceeded: Error {
    let limit: Int
}
