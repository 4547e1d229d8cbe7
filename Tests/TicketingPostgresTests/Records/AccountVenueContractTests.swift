import Foundation
import Testing
import TicketingDomain
import TicketingRecords

@Suite("Account, venue and performance records: SQLite and PostgreSQL agree")
struct AccountVenueContractTests {
    @Test(arguments: RecordsBackend.available)
    func usersAreFoundByIdAndCaseInsensitiveEmailAndDuplicatesRefused(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            let ada = Fixture.user("usr_ada", role: .seller, email: "Ada@Example.com")
            try await records.createUser(ada)
            #expect(try await records.user(id: "usr_ada") == ada)
            #expect(try await records.user(email: "ada@example.COM") == ada)
            #expect(try await records.user(email: "nobody@example.com") == nil)
            #expect(try await records.user(id: "usr_nobody") == nil)

            await #expect(throws: StorageError.duplicate("email")) {
                try await records.createUser(Fixture.user("usr_other", email: "ADA@example.com"))
            }
            await #expect(throws: StorageError.duplicate("email")) {
                try await records.createUser(Fixture.user("usr_ada", email: "fresh@example.com"))
            }
            // One taken address refuses the whole batch.
            await #expect(throws: StorageError.duplicate("email")) {
                try await records.createUsers([Fixture.user("usr_b1"), Fixture.user("usr_b2", email: "ada@EXAMPLE.com")])
            }
            #expect(try await records.user(id: "usr_b1") == nil)
            try await records.createUsers((1...3).map { Fixture.user("usr_many\($0)") })
            #expect(try await records.userCount() == 4)
        }
    }

    @Test(arguments: RecordsBackend.available)
    func venuesListByOwnerOldestFirst(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await records.createUsers([Fixture.user("usr_s1", role: .seller), Fixture.user("usr_s2", role: .seller)])
            let later = Fixture.venue("ven_a", owner: "usr_s1", at: Fixture.t0.addingTimeInterval(10))
            let earlier = Fixture.venue("ven_b", owner: "usr_s1")
            let other = Fixture.venue("ven_c", owner: "usr_s2", at: Fixture.t0.addingTimeInterval(5))
            for venue in [later, earlier, other] { try await records.createVenue(venue) }
            #expect(try await records.venue(id: "ven_a") == later)
            #expect(try await records.venue(id: "ven_x") == nil)
            #expect(try await records.venues(ownerId: "usr_s1").map(\.id) == ["ven_b", "ven_a"])
            #expect(try await records.venues().map(\.id) == ["ven_b", "ven_c", "ven_a"])
            #expect(try await records.venues(ownerId: "usr_nobody").isEmpty)
            await #expect(throws: (any Error).self) { try await records.createVenue(later) }
        }
    }

    @Test(arguments: RecordsBackend.available)
    func performancesRoundTripSoonestFirst(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            let sooner = Fixture.performance("prf_0", startsIn: 7)
            try await records.createPerformance(sooner)
            #expect(try await records.performance(id: Fixture.performanceId) == Fixture.performance())
            #expect(try await records.performance(id: "prf_none") == nil)
            #expect(try await records.performances().map(\.id) == ["prf_0", Fixture.performanceId])
            await #expect(throws: (any Error).self) { try await records.createPerformance(sooner) }
        }
    }
}
