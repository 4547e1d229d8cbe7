import Foundation
import GRDB
import Testing
import TicketSigning
@testable import TicketingServer
@testable import TicketingStorage

/// Per-performance keys: made once, stored sealed, opened only with the server's secret.
@Suite("Ticket keyring")
struct TicketKeyringTests {
    static func storageWithPerformance() async throws -> Storage {
        let storage = try TicketStorageTests.storage()
        try await storage.pool.write { db in
            let now = Date()
            try db.execute(sql: "INSERT INTO user VALUES ('usr_s', 's@example.com', 'S', 'seller', 'x', ?)", arguments: [now])
            try db.execute(sql: "INSERT INTO venue VALUES ('ven_1', 'usr_s', 'V', ?, 0, ?)", arguments: [Data("{}".utf8), now])
            try db.execute(sql: "INSERT INTO performance VALUES ('prf_1', 'ven_1', 'usr_s', 'T', ?, ?, ?, ?)",
                           arguments: [now, now, Data("{}".utf8), now])
        }
        return storage
    }

    @Test func theKeyIsMadeOnceStoredSealedAndOpensOnlyWithTheSecret() async throws {
        let storage = try await Self.storageWithPerformance()
        let secret = Array(repeating: UInt8(7), count: 32)
        let first = try await TicketKeyring(storage: storage, secret: secret, clock: .system).keyPair(performanceId: "prf_1")
        // A second keyring (another process, a restart) finds the same key instead of making one.
        let again = try await TicketKeyring(storage: storage, secret: secret, clock: .system).keyPair(performanceId: "prf_1")
        #expect(again == first)
        let stored = try #require(try await storage.ticketKey(performanceId: "prf_1"))
        #expect(stored.publicKey == first.publicKey)
        #expect(stored.sealedPrivateKey != first.privateKey, "the private key is not stored in the clear")
        #expect(Ed25519.publicKey(privateKey: stored.sealedPrivateKey) != first.publicKey)
        // Codes it signs verify with the public half.
        let claims = TicketClaims(ticketId: "tkt_1", performanceId: "prf_1", seatId: "A-1", version: 1)
        #expect(try TicketCode.verify(TicketCode.make(claims, privateKey: first.privateKey), publicKey: first.publicKey) == claims)

        let stranger = TicketKeyring(storage: storage, secret: Array(repeating: UInt8(8), count: 32), clock: .system)
        await #expect(throws: StorageError.self) { try await stranger.keyPair(performanceId: "prf_1") }
    }
}
