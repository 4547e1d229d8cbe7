import Foundation
import TicketingNet
import TicketingStorage

/// Ordered write-behind with group commit: entries are appended synchronously while the actor
/// decides, one flush loop writes them in batches, and callers that promise durability to a
/// client (a join, a hold) await the batch holding their entry.
struct JournalState {
    var pending: [JournalEntry] = []
    var appended = 0
    var durable = 0
    var opened = false
    var flushing = false
    var waiters: [(upTo: Int, continuation: CheckedContinuation<Void, any Error>)] = []
}

extension PerformanceActor {
    func record(_ entries: [JournalEntry]) {
        guard !entries.isEmpty else { return }
        journal.pending += entries
        journal.appended += entries.count
        if !journal.flushing {
            journal.flushing = true
            // On the loop of the request that recorded, as `admitPromptly`'s step: on the
            // cooperative pool a flush woke a pool thread to start and resumed there after the
            // write (a join's server CPU fell 7 % without that; BENCHMARKS.md, "eighth session").
            Task(executorPreference: LoopExecutor.current) { await self.flushLoop() }
        }
    }

    /// Returns once everything recorded so far is committed.
    func awaitDurable() async throws {
        let target = journal.appended
        guard journal.durable < target else { return }
        try await withCheckedThrowingContinuation { continuation in
            journal.waiters.append((target, continuation))
        }
    }

    func flushJournal() async {
        try? await awaitDurable()
    }

    private func flushLoop() async {
        while !journal.pending.isEmpty {
            let batch = journal.pending
            let upTo = journal.appended
            let opened = journal.opened
            journal.pending = []
            do {
                try await storage.applyJournal(performanceId: id, opened: opened, batch)
                journal.durable = upTo
                resumeWaiters { $0.resume() }
            } catch {
                logger.critical("journal write failed", metadata: ["error.message": "\(error)", "performance.id": "\(id)"])
                journal.durable = upTo
                resumeWaiters { $0.resume(throwing: error) }
            }
        }
        journal.flushing = false
    }

    private func resumeWaiters(_ resume: (CheckedContinuation<Void, any Error>) -> Void) {
        let durable = journal.durable
        let due = journal.waiters.filter { $0.upTo <= durable }
        journal.waiters.removeAll { $0.upTo <= durable }
        for waiter in due { resume(waiter.continuation) }
    }
}
