import Foundation
import Testing
import TicketingClient
import TicketingProtocol

@Suite("Check-in: exactly once, online and offline")
struct CheckinRaceTests {
    /// Twenty doors, each on its own connection, scan one code at the same moment: one entry.
    @Test func twentyDoorsScanningOneCodeAdmitOnce() async throws {
        let fixture = try await TicketFixture.make(seats: 1)
        defer { Task { await fixture.server.stop() } }
        var doors: [APIClient] = [fixture.show.seller]
        for index in 1..<20 { doors.append(try await fixture.door("Gate \(index)")) }
        // Warm every connection so the scans leave together rather than behind twenty handshakes.
        for door in doors { _ = try await door.me() }
        let code = fixture.tickets[0].code
        let statuses = try await withThrowingTaskGroup(of: (Int, Date?).self) { group in
            for (index, door) in doors.enumerated() {
                group.addTask {
                    let response = try await door.send(method: "POST", path: "/v1/checkins",
                                                       body: try WireJSON.encode(CheckinRequest(code: code, gate: "G\(index)")))
                    if response.status == 200 {
                        return (200, try WireJSON.decode(CheckinDTO.self, from: response.body).checkedInAt)
                    }
                    return (response.status, try? WireJSON.decode(ErrorEnvelope.self, from: response.body).error.checkedInAt)
                }
            }
            var all: [(Int, Date?)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(statuses.filter { $0.0 == 200 }.count == 1)
        #expect(statuses.filter { $0.0 == 409 }.count == 19)
        // Every refusal names the one entry that happened.
        #expect(Set(statuses.compactMap(\.1).map { $0.timeIntervalSince1970 }).count == 1)
        let summary = try await fixture.show.seller.checkinSummary(performanceId: fixture.show.performance.id)
        #expect(summary.checkedIn == 1)
    }

    /// Doors that lost the server scan offline, then upload: every scan gets an answer of its own.
    @Test func anOfflineBatchReportsConflictsPerCodeAndLosesNothing() async throws {
        let fixture = try await TicketFixture.make(seats: 3)
        defer { Task { await fixture.server.stop() } }
        let online = try await fixture.door("Main")
        let offline = try await fixture.door("Side")
        let list = try await offline.checkinList(performanceId: fixture.show.performance.id)
        #expect(Set(list.tickets.map(\.id)) == Set(fixture.tickets.map(\.id)) && list.checkedIn.isEmpty)
        let codes = fixture.tickets.map(\.code)
        let entered = try await online.checkIn(CheckinRequest(code: codes[0], gate: "Main"))
        let scannedAt = Date(timeIntervalSince1970: 1_900_000_000)
        let batch = CheckinBatchRequest(checkins: [
            .init(code: codes[0], checkedInAt: scannedAt, gate: "Side"),
            .init(code: codes[1], checkedInAt: scannedAt, gate: "Side"),
            .init(code: codes[1], checkedInAt: scannedAt.addingTimeInterval(5), gate: "Side"),
            .init(code: "QT1.broken.code", checkedInAt: scannedAt, gate: "Side"),
            .init(code: codes[2], checkedInAt: scannedAt.addingTimeInterval(9), gate: "Side"),
        ])
        let results = try await offline.checkInBatch(batch).results
        #expect(results.map(\.outcome) == [.alreadyCheckedIn, .accepted, .alreadyCheckedIn, .invalidTicketCode, .accepted])
        #expect(results[0].gate == "Main"
                && results[0].checkedInAt.map { abs($0.timeIntervalSince(entered.checkedInAt)) < 0.01 } == true)
        #expect(results[1].checkedInAt == scannedAt && results[2].checkedInAt == scannedAt)
        // The same upload again (a retry after a lost answer) changes nothing and says so.
        let retry = try await offline.checkInBatch(batch).results
        #expect(retry.map(\.outcome) == [.alreadyCheckedIn, .duplicate, .alreadyCheckedIn, .invalidTicketCode, .duplicate])
        let after = try await online.checkinList(performanceId: fixture.show.performance.id)
        #expect(Set(after.checkedIn.map(\.id)) == Set(fixture.tickets.map(\.id)))
        #expect(after.checkedIn.first { $0.id == fixture.tickets[1].id }?.checkedInAt == scannedAt)
        let buyer = await TicketFixture.failure { try await fixture.checkout.buyer.checkInBatch(batch) }
        #expect(buyer?.status == 403)
    }
}
