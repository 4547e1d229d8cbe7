import TestSupport
import Foundation
import Testing
import TicketingClient
import TicketingProtocol

/// Best available within a section, as the terminal's hall overview asks for it.
@Suite("Best available in one section")
struct SectionHoldTests {
    @Test func bestAvailableStaysInTheNamedSection() async throws {
        let show = try await ShowFixture.make(rate: 100, maxActive: 10)
        defer { Task { await show.server.stop() } }
        let (buyer, token) = try #require(try await HoldTests.admittedBuyers(show, count: 1).first)
        let path = "/v1/performances/\(show.performance.id)/holds"
        let headers = ["X-Admission-Token": token]
        let grade = try #require(show.hall.grades.first).grade
        do {
            _ = try await buyer.post(path, body: CreateHoldRequest(grade: grade, count: 2, section: "BALCONY"),
                                     as: HoldDTO.self, headers: headers)
            Issue.record("the theatre has no BALCONY, so no seats there can be held")
        } catch let error as APIError {
            #expect(error.code == "seat_unavailable")
        }
        let hold = try await buyer.post(path, body: CreateHoldRequest(grade: grade, count: 2, section: "STALLS"),
                                        as: HoldDTO.self, headers: headers)
        let sections = Set(show.hall.layout.seats.filter { hold.seatIds.contains($0.id) }.map(\.section))
        #expect(hold.seatIds.count == 2 && sections == ["STALLS"])
    }
}
