/// An async mutex: one holder at a time, waiters served in arrival order, and a waiter whose task
/// is cancelled leaves the queue at once.
///
/// Actors are reentrant, so an actor that writes to one socket from several calls needs this to
/// keep one request (or one WebSocket frame) from interleaving with another across a suspension.
actor SerialGate {
    private var held = false
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    func acquire() async throws {
        guard held else {
            held = true
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            // Runs after the waiter is queued: the continuation body above holds the actor until
            // it returns, and this hop needs the actor too.
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Callers waiting for the gate (tests wait on it instead of sleeping).
    var waitingCount: Int { waiters.count }

    func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    func withLock<T: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async throws -> T {
        try await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }
}
