import Foundation
import Logging
import TicketingNet
import TicketingStorage

/// Where a won claim stands in the issuance log.
enum IssuanceOutcome: Sendable, Equatable {
    /// Committed: survives any restart.
    case issued
    /// Won in memory, not committed yet; lost if the process dies before its batch commits.
    case pending
    /// The database refused it (the second line of defence caught a disagreement).
    case rejected(IssuanceRejection)

    /// The answer to the buyer whose claim won `id`, once its entry stands here. A rejection is
    /// reachable only if the contended stock and the database disagree; the database decides.
    func claimResult(userCouponId id: String) -> CouponClaimResult {
        switch self {
        case .issued: .accepted(userCouponId: id, status: .issued)
        case .pending: .accepted(userCouponId: id, status: .pending)
        case .rejected(.duplicate): .refused(.alreadyClaimed(userCouponId: id))
        case .rejected(.soldOut): .refused(.soldOut)
        case .rejected(.unknownCoupon): .unknownCoupon
        case .rejected(.unknownUser): .unknownAccount
        }
    }
}

/// Makes won claims durable by group commit: entries queue here and a writer appends them to the
/// `couponIssuance` table in batches, one SQLite transaction per batch. The first batch after a
/// quiet spell waits `interval` to gather company; under load batches run back to back, each
/// taking whatever arrived while the previous one was writing (at most `maxBatch`).
///
/// Entries are settled strictly in append order, which is what lets `flush()` wait for "everything
/// appended so far" with one counter.
actor IssuanceLog {
    private let storage: any DurableRecords
    private let logger: Logger
    private let interval: Duration
    private let maxBatch: Int

    /// Appended and not yet settled, oldest first; the head is the batch being written.
    private var queue: [CouponIssuance] = []
    private var queuedIds: Set<String> = []
    private var pendingByUser: [String: [CouponIssuance]] = [:]
    /// Refusals are a should-never-happen path, so remembering them all costs nothing in practice.
    private var refused: [String: IssuanceRejection] = [:]
    private var appended = 0
    private var settled = 0
    private var draining = false
    private var timerArmed = false
    private var consecutiveFailures = 0

    private var entryWaiters: [String: (continuation: CheckedContinuation<IssuanceOutcome, Never>, timer: UInt64)] = [:]
    /// The claims' ack waits: one per won claim in a rush, and a timer task each cost a
    /// dispatch-timer wake-up (see `SharedTimer`).
    private let waitTimer = SharedTimer()
    private var flushWaiters: [Int: (target: Int, continuation: CheckedContinuation<Bool, Never>, timer: Task<Void, Never>?)] = [:]
    private var nextWaiter = 0

    /// Committed batches and entries since start; tests read them to see that claims were grouped.
    private(set) var batchesCommitted = 0
    private(set) var entriesCommitted = 0

    init(storage: any DurableRecords, logger: Logger, interval: Duration = .milliseconds(2), maxBatch: Int = 512) {
        self.storage = storage
        self.logger = logger
        self.interval = interval
        self.maxBatch = maxBatch
    }

    func append(_ entry: CouponIssuance) {
        queue.append(entry)
        queuedIds.insert(entry.id)
        pendingByUser[entry.userId, default: []].append(entry)
        appended += 1
        guard !draining, !timerArmed else { return }
        timerArmed = true
        Task { [interval] in
            try? await Task.sleep(for: interval)
            await self.timerFired()
        }
    }

    /// The buyer's claims not yet committed.
    func pending(userId: String) -> [CouponIssuance] { pendingByUser[userId] ?? [] }

    /// The state of one entry, waiting up to `wait` for its batch to settle.
    func outcome(of userCouponId: String, waitingUpTo wait: Duration) async -> IssuanceOutcome {
        guard queuedIds.contains(userCouponId) else {
            return refused[userCouponId].map(IssuanceOutcome.rejected) ?? .issued
        }
        guard wait > .zero else { return .pending }
        return await withCheckedContinuation { continuation in
            let timer = waitTimer.schedule(at: .now + wait) {
                Task { await self.resumeEntryWaiter(userCouponId, with: .pending) }
            }
            entryWaiters[userCouponId] = (continuation, timer)
        }
    }

    /// Waits until every entry appended before the call is settled.
    func flush() async {
        _ = await flush(timeout: nil)
    }

    /// The same with a deadline; false when it passed first (the database keeps failing).
    func flush(timeout: Duration?) async -> Bool {
        let target = appended
        guard settled < target else { return true }
        if !draining { Task { await self.drain() } }
        let id = nextWaiter
        nextWaiter += 1
        return await withCheckedContinuation { continuation in
            let timer = timeout.map { timeout in
                Task {
                    try? await Task.sleep(for: timeout)
                    self.resumeFlushWaiter(id, with: false)
                }
            }
            flushWaiters[id] = (target, continuation, timer)
        }
    }

    private func timerFired() async {
        timerArmed = false
        await drain()
    }

    private func drain() async {
        guard !draining else { return }
        draining = true
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            do {
                let rejected = try await storage.appendIssuances(batch)
                // Appends only add to the tail while the batch is written, so the head is still it.
                queue.removeFirst(batch.count)
                settle(batch, rejected: rejected)
                consecutiveFailures = 0
            } catch {
                // The entries stay queued (and pending) and are retried in order: a full disk or a
                // busy database must delay issuance, not drop it.
                consecutiveFailures += 1
                let delayMs = min(1_000, 10 << min(consecutiveFailures, 7))
                logger.error("coupon issuance batch failed; retrying", metadata: [
                    "error.message": "\(error)", "coupon.batch_size": "\(batch.count)", "coupon.retry_in_ms": "\(delayMs)",
                ])
                try? await Task.sleep(for: .milliseconds(delayMs))
            }
        }
        draining = false
    }

    private func settle(_ batch: [CouponIssuance], rejected: [String: IssuanceRejection]) {
        for entry in batch {
            queuedIds.remove(entry.id)
            pendingByUser[entry.userId]?.removeAll { $0.id == entry.id }
            if pendingByUser[entry.userId]?.isEmpty == true { pendingByUser[entry.userId] = nil }
            if let reason = rejected[entry.id] {
                refused[entry.id] = reason
                logger.error("coupon issuance refused by the database", metadata: [
                    "coupon.id": "\(entry.couponId)", "user.id": "\(entry.userId)", "coupon.refusal": "\(reason.rawValue)",
                ])
            }
            resumeEntryWaiter(entry.id, with: rejected[entry.id].map(IssuanceOutcome.rejected) ?? .issued)
        }
        settled += batch.count
        batchesCommitted += 1
        entriesCommitted += batch.count - rejected.count
        for (id, waiter) in flushWaiters where waiter.target <= settled {
            resumeFlushWaiter(id, with: true)
        }
    }

    /// Each waiter is resumed exactly once, by whichever comes first: its batch or its timer.
    private func resumeEntryWaiter(_ id: String, with outcome: IssuanceOutcome) {
        guard let waiter = entryWaiters.removeValue(forKey: id) else { return }
        waitTimer.cancel(waiter.timer)
        waiter.continuation.resume(returning: outcome)
    }

    private func resumeFlushWaiter(_ id: Int, with result: Bool) {
        guard let waiter = flushWaiters.removeValue(forKey: id) else { return }
        waiter.timer?.cancel()
        waiter.continuation.resume(returning: result)
    }
}
