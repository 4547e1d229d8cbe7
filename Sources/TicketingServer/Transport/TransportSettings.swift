import Foundation
import TicketingNet

/// Bounds the transport puts on every peer; tests shorten the deadlines.
public struct TransportSettings: Sendable, Equatable {
    public var head = HeadLimits()
    /// Declared or chunked request bodies over this get 413 and the connection is closed.
    public var maxBodyBytes = 1 << 20
    /// From a request's first byte to its blank line; a slow head gets 408 and is closed.
    public var headTimeout: Duration = .seconds(10)
    /// For reading a body, for each write of a response, and for finishing a WebSocket frame.
    public var bodyTimeout: Duration = .seconds(30)
    /// A keep-alive connection with no request under way is closed after this.
    public var idleTimeout: Duration = .seconds(120)
    /// After an answer that ends a connection while the peer may still be sending (an error
    /// before its body was read), input is read and dropped until the peer closes, it stays
    /// silent this long, `lingerTime` has passed in all, or `lingerBytes` were dropped; then close.
    public var lingerTimeout: Duration = .seconds(5)
    public var lingerTime: Duration = .seconds(30)
    public var lingerBytes = 64 << 20
    /// Connections beyond this are answered 503 and closed at once.
    public var maxConnections = 10_000
    /// Server event loops to serve on: 0 is one per core (`SharedSocketPool.serverLoops`, at most
    /// 8), and a larger number is capped to that. One loop took about a tenth less CPU per order in
    /// a 2,000-buyer burst on a 2-core machine, but held a saturated queue route near one core
    /// (BENCHMARKS.md, "ninth session").
    public var loops = 0
    /// When a busy loop naps between rounds instead of waking for each event: at a steady 80 % of
    /// capacity a 5-ms nap cut the server's CPU per paid order by about 30 % and raised each
    /// request step's p99 from 5–18 ms to 24–39 ms (BENCHMARKS.md, "twelfth session").
    /// `server.loop-nap-ms` sets `nap`.
    public var loopCoalescing = LoopCoalescing(nap: .milliseconds(5))
    /// A WebSocket message (all fragments) larger than this closes the socket with 1009.
    public var maxWebSocketMessage = 256 * 1024

    public init() {}
}
