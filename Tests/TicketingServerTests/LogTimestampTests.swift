import Foundation
import Testing
@testable import TicketingServer

@Suite("Log timestamps")
struct LogTimestampTests {
    /// The hand-written `@timestamp` reads exactly as Foundation's ISO 8601 style wrote it.
    @Test(arguments: [0.0, 951_782_400.5, 1_796_528_041.125, 1_796_601_599.999, 4_102_444_800.25, -86_400.75])
    func matchesFoundationsISO8601(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let foundation = date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)
            .timeZone(separator: .omitted).dateSeparator(.dash).timeSeparator(.colon))
        #expect(LogTimestamp.string(date) == foundation)
    }
}
