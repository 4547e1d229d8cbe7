/// A pool's connections at one instant, for `/metrics`.
public struct PoolUsage: Sendable, Equatable {
    public var idle: Int
    public var inUse: Int
    /// Callers waiting for a connection.
    public var waiting: Int
    public var max: Int

    public init(idle: Int, inUse: Int, waiting: Int, max: Int) {
        self.idle = idle
        self.inUse = inUse
        self.waiting = waiting
        self.max = max
    }
}
