import Foundation
import Synchronization
import TicketingServer

/// Real time plus an offset the test can move forward, so expiry paths run without waiting.
final class ShiftableClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }

    var wallClock: WallClock {
        WallClock { [self] in Date().addingTimeInterval(offset.withLock { $0 }) }
    }
}
