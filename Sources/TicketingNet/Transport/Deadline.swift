import Foundation

struct DeadlineExceeded: Error {
    let seconds: TimeInterval
}

/// Runs `operation` in a child task and cancels it once `seconds` have passed.
///
/// Returns only after the operation has finished unwinding, so whatever it cleans up on
/// cancellation (closing a half-used connection, say) is done before the caller continues.
/// Public: the TLS relay bounds handshakes with it.
public func withDeadline<T: Sendable>(
    seconds: TimeInterval,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw DeadlineExceeded(seconds: seconds)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}
