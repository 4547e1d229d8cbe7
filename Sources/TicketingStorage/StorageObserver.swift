/// Watches the storage's write transactions (the server feeds its `/metrics` from it).
public protocol StorageObserver: Sendable {
    /// A write committed `after` its request; `durable` when it was fsynced (synchronous = FULL).
    func storageCommitted(durable: Bool, after: Duration)
    /// A write transaction failed (and was rolled back).
    func storageFailed()
}
