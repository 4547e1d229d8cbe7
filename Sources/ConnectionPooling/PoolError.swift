/// Why a pool could not hand out a connection.
public enum PoolError: Error, Sendable, Equatable {
    /// Every connection stayed busy (or every connect attempt failed) until the acquire deadline.
    case acquireTimedOut(waited: Duration, lastConnectError: String?)
    /// The pool was shut down.
    case closed
}

/// A connection a `ConnectionPool` can hand out: it reports when it can no longer be trusted
/// (lost socket, protocol error) so the pool drops it instead of lending it again.
public protocol PooledConnection: Actor {
    var isBroken: Bool { get }
    func close()
}
