import Foundation
import Synchronization
import TicketingServer

/// The server's clock under a test's control (socketed and in-process suites alike): either real time plus an offset the test moves
/// forward (expiry paths run without waiting), or frozen at a start instant (windows that must
/// not drift while a test looks at them).
public final class TestClock: Sendable {
    private let frozenStart: Date?
    private let offset = Mutex<TimeInterval>(0)

    public init(frozenAt start: Date? = nil) { frozenStart = start }

    public var now: Date { (frozenStart ?? Date()).addingTimeInterval(offset.withLock { $0 }) }

    public var wallClock: WallClock { WallClock { [self] in now } }

    public func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}
