import Foundation
import TicketingDomain

/// Shorthands for waiting-room tests: a policy with readable defaults, plenty of seats, and
/// joining many buyers at once.
enum QueueFixture {
    static let plenty = InventoryLevel(available: 1_000, held: 0)

    static func policy(rate: Double = 1, maxActive: Int = 100, ttl: TimeInterval = 600, maxSeats: Int = 4,
                       opensAt: Date = epoch.addingTimeInterval(-60), grace: TimeInterval = 30) -> QueuePolicy {
        QueuePolicy(ratePerSecond: rate, maxActive: maxActive, admissionTTL: ttl, maxSeatsPerOrder: maxSeats,
                    saleOpensAt: opensAt, disconnectGrace: grace)
    }

    static func room(_ policy: QueuePolicy, key: @escaping @Sendable (String) -> String = fnvHexKey(seed: "s"))
        -> WaitingRoom {
        WaitingRoom(policy: policy, shuffleKey: key)
    }

    static func users(_ count: Int, prefix: String = "u") -> [String] { (0..<count).map { "\(prefix)\($0)" } }
}

extension WaitingRoom {
    mutating func joinAll(_ users: [String], now: Date) {
        for user in users { _ = join(user, now: now) }
    }

    func ahead(_ userId: String, now: Date, inventory: InventoryLevel = QueueFixture.plenty) -> Int? {
        status(of: userId, now: now, inventory: inventory)?.ahead
    }

    func state(_ userId: String, now: Date, inventory: InventoryLevel = QueueFixture.plenty) -> QueueState? {
        status(of: userId, now: now, inventory: inventory)?.state
    }

    /// Ticks once a second (or every `step`) from `start` for `seconds`, collecting admissions.
    mutating func run(from start: Date, seconds: Double, step: Double = 1,
                      inventory: InventoryLevel = QueueFixture.plenty) -> [(time: Date, userId: String)] {
        var admitted: [(time: Date, userId: String)] = []
        var elapsed = 0.0
        while elapsed <= seconds {
            let now = start.addingTimeInterval(elapsed)
            admitted += tick(now: now, inventory: inventory).admittedUsers.map { (now, $0) }
            elapsed += step
        }
        return admitted
    }
}
