import Foundation
import Testing
import TicketingRecords

@Suite("Idempotency records: SQLite and PostgreSQL agree")
struct IdempotencyContractTests {
    @Test(arguments: RecordsBackend.available)
    func theFirstResponseIsKeptReplayedAndPrunedByAge(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            let first = StoredResponse(requestHash: "h1", status: 201, contentType: "application/json",
                                       body: Data([0, 1, 2, 0xff, 0x5c, 0x78]))
            let loser = StoredResponse(requestHash: "h2", status: 409, contentType: nil, body: Data("late".utf8))
            #expect(try await records.storedResponse(scopedKey: "u1:k") == nil)
            try await records.storeResponse(scopedKey: "u1:k", first, at: Fixture.t0)
            try await records.storeResponse(scopedKey: "u1:k", loser, at: Fixture.t0.addingTimeInterval(1))
            #expect(try await records.storedResponse(scopedKey: "u1:k") == first)

            let empty = StoredResponse(requestHash: "h3", status: 204, contentType: nil, body: Data())
            try await records.storeResponse(scopedKey: "u2:k", empty, at: Fixture.t0.addingTimeInterval(100))
            #expect(try await records.storedResponse(scopedKey: "u2:k") == empty)

            // Strictly older than the cut-off goes; the one stored at it stays.
            try await records.pruneStoredResponses(before: Fixture.t0.addingTimeInterval(100))
            #expect(try await records.storedResponse(scopedKey: "u1:k") == nil)
            #expect(try await records.storedResponse(scopedKey: "u2:k") == empty)
            try await records.pruneStoredResponses(before: Fixture.t0.addingTimeInterval(101))
            #expect(try await records.storedResponse(scopedKey: "u2:k") == nil)
        }
    }
}
