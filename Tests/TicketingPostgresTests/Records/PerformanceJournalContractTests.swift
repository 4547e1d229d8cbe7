import Foundation
import Testing
import TicketingDomain
import TicketingRecords

@Suite("Performance journal records: SQLite and PostgreSQL agree")
struct PerformanceJournalContractTests {
    @Test(arguments: RecordsBackend.available)
    func theFirstQueueSeedIsKept(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            #expect(try await records.queueSeed(performanceId: Fixture.performanceId, proposed: "aa11") == "aa11")
            #expect(try await records.queueSeed(performanceId: Fixture.performanceId, proposed: "bb22") == "aa11")
            #expect(try await records.queueSeed(performanceId: "prf_other", proposed: "cc33") == "cc33")
            let snapshot = try await records.inventorySnapshot(performanceId: Fixture.performanceId)
            #expect(snapshot.seedHex == "aa11")
            #expect(snapshot.opened == false)
        }
    }

    @Test(arguments: RecordsBackend.available)
    func aJournalRebuildsTheLineHoldsAndSoldSeats(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            let p = Fixture.performanceId
            let t = Fixture.t0
            _ = try await records.queueSeed(performanceId: p, proposed: "5eed")
            try await records.applyJournal(performanceId: p, opened: false, [
                .queueJoined(userId: "u-pre2", joinKey: nil, joinedAt: t.addingTimeInterval(2)),
                .queueJoined(userId: "u-pre1", joinKey: nil, joinedAt: t.addingTimeInterval(1)),
            ])
            #expect(try await records.inventorySnapshot(performanceId: p).preQueue == ["u-pre1", "u-pre2"])

            let hold = Hold(id: "hold-1", userId: "u-a", seatIds: ["A-1", "A-2"], amount: 100_000,
                            expiresAt: t.addingTimeInterval(300))
            try await records.applyJournal(performanceId: p, opened: true, [
                .queueOrdered(userId: "u-pre2", joinKey: 1),
                .queueOrdered(userId: "u-pre1", joinKey: 2),
                .queueJoined(userId: "u-a", joinKey: 3, joinedAt: t.addingTimeInterval(10)),
                .queueJoined(userId: "u-b", joinKey: 4, joinedAt: t.addingTimeInterval(11)),
                .queueJoined(userId: "u-c", joinKey: 5, joinedAt: t.addingTimeInterval(12)),
                .queueAdmitted(userId: "u-a", expiresAt: t.addingTimeInterval(600)),
                .queueAdmitted(userId: "u-b", expiresAt: t.addingTimeInterval(601)),
                .queueEnded(userId: "u-b"),
                .holdCreated(hold),
                .holdPinned(holdId: "hold-1", orderId: "ord-1"),
                .holdCreated(Hold(id: "hold-2", userId: "u-c", seatIds: ["A-3"], amount: 50_000, expiresAt: t.addingTimeInterval(300))),
                .holdClosed(holdId: "hold-2", status: "expired"),
                .holdCreated(Hold(id: "hold-3", userId: "u-c", seatIds: ["A-4"], amount: 50_000, expiresAt: t.addingTimeInterval(300))),
                .seatsSold(holdId: "hold-3", orderId: "ord-3", seatIds: ["A-4"]),
            ])
            var snapshot = try await records.inventorySnapshot(performanceId: p)
            #expect(snapshot.seedHex == "5eed")
            #expect(snapshot.opened)
            #expect(snapshot.preQueue == [])
            #expect(snapshot.waiting == ["u-pre2", "u-pre1", "u-c"])
            #expect(snapshot.admitted == ["u-a": t.addingTimeInterval(600)])
            #expect(snapshot.maxJoinKey == 5)
            var pinned = hold
            pinned.orderId = "ord-1"
            #expect(snapshot.holds == [pinned])
            #expect(snapshot.sold.map { "\($0.seatId)=\($0.orderId)" } == ["A-4=ord-3"])
            #expect(try await records.holdPerformance(holdId: "hold-2") == p)
            #expect(try await records.holdPerformance(holdId: "hold-none") == nil)

            // Rejoining resets the entry; returned seats leave the sold set.
            try await records.applyJournal(performanceId: p, opened: false, [
                .queueJoined(userId: "u-b", joinKey: 6, joinedAt: t.addingTimeInterval(20)),
                .holdPinned(holdId: "hold-1", orderId: nil),
                .seatsReturned(seatIds: ["A-4"]),
            ])
            snapshot = try await records.inventorySnapshot(performanceId: p)
            #expect(snapshot.opened, "opened stays once set")
            #expect(snapshot.waiting == ["u-pre2", "u-pre1", "u-c", "u-b"])
            #expect(snapshot.holds == [hold])
            #expect(snapshot.sold.isEmpty)
            #expect(snapshot.maxJoinKey == 6)
        }
    }

    @Test(arguments: RecordsBackend.available)
    func joinsApplyInBatchOrderEvenWhenABuyerRejoinsInTheSameBatch(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            let p = Fixture.performanceId
            let t = Fixture.t0
            try await records.applyJournal(performanceId: p, opened: false, [
                .queueJoined(userId: "u1", joinKey: 1, joinedAt: t),
                .queueJoined(userId: "u2", joinKey: 2, joinedAt: t),
                .queueAdmitted(userId: "u2", expiresAt: t.addingTimeInterval(60)),
                .queueJoined(userId: "u3", joinKey: nil, joinedAt: t.addingTimeInterval(1)),
                .queueJoined(userId: "u1", joinKey: 4, joinedAt: t.addingTimeInterval(2)),
                .queueJoined(userId: "u2", joinKey: 3, joinedAt: t.addingTimeInterval(3)),
                .queueJoined(userId: "u3", joinKey: 5, joinedAt: t.addingTimeInterval(4)),
                .queueJoined(userId: "u4", joinKey: nil, joinedAt: t.addingTimeInterval(5)),
            ])
            let snapshot = try await records.inventorySnapshot(performanceId: p)
            #expect(snapshot.waiting == ["u2", "u1", "u3"])
            #expect(snapshot.preQueue == ["u4"])
            #expect(snapshot.admitted.isEmpty, "a rejoin ends the admission")
            #expect(snapshot.maxJoinKey == 5)
        }
    }

    @Test(arguments: RecordsBackend.available)
    func aBatchWithASeatSoldTwiceChangesNothing(_ backend: RecordsBackend) async throws {
        try await withRecords(backend) { store in
            let records = store.records
            try await Fixture.seed(records)
            let p = Fixture.performanceId
            try await records.applyJournal(performanceId: p, opened: false, [
                .seatsSold(holdId: "h1", orderId: "o1", seatIds: ["A-1"]),
            ])
            await #expect(throws: (any Error).self) {
                try await records.applyJournal(performanceId: p, opened: true, [
                    .queueJoined(userId: "u-x", joinKey: 1, joinedAt: Fixture.t0),
                    .seatsSold(holdId: "h2", orderId: "o2", seatIds: ["A-2", "A-1"]),
                ])
            }
            let snapshot = try await records.inventorySnapshot(performanceId: p)
            #expect(snapshot.opened == false)
            #expect(snapshot.waiting.isEmpty)
            #expect(snapshot.sold.map(\.orderId) == ["o1"])
            // An unknown performance has an empty trace.
            let none = try await records.inventorySnapshot(performanceId: "prf_none")
            #expect(none.seedHex == nil && none.maxJoinKey == 0 && none.holds.isEmpty)
        }
    }
}
