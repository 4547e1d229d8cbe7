import Foundation
import Testing
import TicketingDomain
import TicketingProtocol
@testable import TicketingServer

/// The per-performance gauges of `/metrics` come through the `PerformanceStates` port, so a
/// node exports them whichever backend holds the line and the seats.
@Suite("Performance gauges on every backend")
struct PerformanceGaugeTests {
    @Test(arguments: Backend.all)
    func aNodeExportsItsPerformancesLineHoldsAndSeats(backend: Backend) async throws {
        let under = try await backend.make()
        // Nobody is admitted at this rate while the test runs: all three wait.
        let (line, hall) = try await under.performance(ratePerSecond: 0.0001)
        for buyer in ["usr_g1", "usr_g2", "usr_g3"] { _ = try await line.join(userId: buyer) }
        let seats = Array(hall.grades.flatMap(\.seatIds).prefix(2))
        guard case .success = try await line.hold(userId: "usr_holder", request: CreateHoldRequest(seatIds: seats),
                                                  holdId: "hld_\(UUID().uuidString)") else {
            Issue.record("the hold failed")
            return
        }
        let metrics = ServerMetrics()
        OperatorGauges.register(metrics: metrics, states: under.performances, records: under.records, clock: .system)
        let performance = "performance=\"\(line.id)\""
        // Distributed, the scheduler reads the gauges once a second: the first read after the hold.
        try await waitUntil("the hold shows") {
            await metrics.scrape().contains("qticket_holds_active{\(performance)} 1")
        }
        let text = await metrics.scrape()
        let total = hall.grades.flatMap(\.seatIds).count
        #expect(text.contains("qticket_queue_waiting{\(performance)} 3"), "\(text)")
        #expect(text.contains("qticket_queue_admitted_active{\(performance)} 0"))
        #expect(text.contains("qticket_holds_active{\(performance)} 1"))
        for (state, count) in [("available", total - 2), ("held", 2), ("sold", 0)] {
            #expect(text.contains("qticket_seats{\(performance),state=\"\(state)\"} \(count)")
                    || text.contains("qticket_seats{state=\"\(state)\",\(performance)} \(count)"), "\(state)")
        }
        await under.teardown()
    }
}
