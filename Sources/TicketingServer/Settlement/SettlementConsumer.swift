import Foundation
import TicketingDomain
import TicketingStorage

/// Books paid and refunded orders into the settlement ledger. The outbox delivers at least
/// once; `postSettlement` records the event id in the same transaction as the ledger rows, so a
/// replay books nothing.
struct SettlementConsumer: OutboxConsumer {
    /// The name its de-dup markers are kept under (the demo books its history under it too).
    static let consumerName = "settlement"
    let name = SettlementConsumer.consumerName
    let storage: any DurableRecords
    let defaultFeeRate: FeeRate
    let clock: WallClock

    func handle(_ event: OutboxEvent) async throws {
        _ = try await storage.postSettlement(event, consumer: name, defaultFeeRate: defaultFeeRate, at: clock.now())
    }
}
