import GRDB
import Synchronization

/// Read-only connections of their own for `Storage.readNow`, taken in turn.
///
/// A point read through the pool (`DatabasePool.unsafeReentrantRead`) took a reader from GRDB's
/// pool (a barrier queue, a semaphore, a lock and a search by key path) and, before the
/// `SELECT`, ran `PRAGMA schema_version` in a read transaction of its own to learn whether the
/// schema had changed: two read transactions, each with its locks on the WAL index, for one row.
/// These connections open after the migrations, and nothing changes the schema while the server
/// runs, so they skip both (BENCHMARKS.md, "fifteenth session"). Each is a serial queue: a read
/// waits only for a read on the same connection, and there are more connections than loops.
final class PointReaders: Sendable {
    private let connections: [DatabaseQueue]
    private let turn = Atomic<UInt>(0)

    init(path: String, configuration: Configuration, count: Int) throws {
        var readOnly = configuration
        readOnly.readonly = true
        connections = try (0..<max(count, 1)).map { _ in try DatabaseQueue(path: path, configuration: readOnly) }
    }

    /// `value` on the next connection, on the calling thread, outside any transaction (one
    /// statement reads one snapshot by itself).
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        let index = Int(turn.wrappingAdd(1, ordering: .relaxed).oldValue % UInt(connections.count))
        return try connections[index].unsafeReentrantRead(value)
    }
}
