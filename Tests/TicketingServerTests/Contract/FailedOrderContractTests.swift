import Foundation
import Testing
import TicketingDomain
import TicketingProtocol
@testable import TicketingServer

/// A declined payment ends its order, so its hold can never be paid: the seats must be on sale
/// again at once, on every backend, not after the hold's timer (the sustained rush in
/// BENCHMARKS.md lost most of its buyers to seats parked that way).
@Suite("Contract: a failed order's seats are on sale at once, per backend")
struct FailedOrderContractTests {
    @Test(arguments: Backend.all)
    func aFailedOrdersSeatsAreFreeAtOnceAndAnotherBuyerHoldsThem(backend: Backend) async throws {
        let under = try await backend.make()
        defer { Task { await under.teardown() } }
        let (show, hall) = try await under.performance()
        let seats = Array(hall.grades.flatMap(\.seatIds).prefix(2))
        let hold = try await show.hold(userId: "usr_first", request: CreateHoldRequest(seatIds: seats), holdId: "hld_first")
        guard case .success = hold else { Issue.record("first hold: \(hold)"); return }
        #expect(try await show.pinForPayment(holdId: "hld_first", orderId: "ord_first"))

        await show.applyFailed(holdId: "hld_first", orderId: "ord_first")

        let states = await show.seatStates().seats.filter { seats.contains($0.id) }
        #expect(states.count == seats.count && states.allSatisfy { $0.state == "available" }, "\(states)")
        let second = try await show.hold(userId: "usr_second", request: CreateHoldRequest(seatIds: seats),
                                         holdId: "hld_second")
        guard case .success(let taken) = second else { Issue.record("second hold: \(second)"); return }
        #expect(Set(taken.seatIds) == Set(seats))
    }
}
