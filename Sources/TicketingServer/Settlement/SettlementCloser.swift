import Foundation
import Logging
import TicketingStorage

/// Closes the periods that have ended, on a timer. Closing is idempotent (a second run finds
/// nothing open behind the watermark), so a late or doubled tick does no harm.
actor SettlementCloser {
    private let storage: any DurableRecords
    private let clock: WallClock
    private let logger: Logger
    private var running: Task<Void, Never>?

    init(storage: any DurableRecords, clock: WallClock, logger: Logger) {
        self.storage = storage
        self.clock = clock
        self.logger = logger
    }

    func start(every interval: Duration) {
        guard running == nil else { return }
        running = Task { [weak self] in
            while !Task.isCancelled {
                await self?.closeEnded()
                try? await Task.sleep(for: interval)
            }
        }
    }

    func stop() {
        running?.cancel()
        running = nil
    }

    private func closeEnded() async {
        let now = clock.now()
        do {
            let closed = try await storage.closeSettlements(until: now, now: now)
            if !closed.isEmpty {
                logger.info("settlement periods closed", metadata: ["settlement.closed": "\(closed.count)"])
            }
        } catch {
            logger.error("closing settlement periods failed; will retry", metadata: ["error.message": "\(error)"])
        }
    }
}
