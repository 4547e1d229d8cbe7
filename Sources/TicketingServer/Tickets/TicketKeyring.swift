import Foundation
import TicketSigning
import TicketingStorage

/// Each performance's Ed25519 key pair: made on first need, stored sealed, kept in memory once
/// opened. The one owner of the key cache.
///
/// Sealing: the 32-byte private key is XORed with HMAC-SHA256(server secret, "ticket-key:v1:" +
/// performanceId). HMAC is a PRF and each performance's pad seals exactly one key, once, so the
/// stored bytes reveal nothing without the secret in the data directory (docs/TICKETS.md).
actor TicketKeyring {
    private let storage: any DurableRecords
    private let secret: [UInt8]
    private let clock: WallClock
    private var open: [String: Ed25519.KeyPair] = [:]

    init(storage: any DurableRecords, secret: [UInt8], clock: WallClock) {
        self.storage = storage
        self.secret = secret
        self.clock = clock
    }

    /// The key pair of an existing performance (the caller checked it exists).
    func keyPair(performanceId: String) async throws -> Ed25519.KeyPair {
        if let known = open[performanceId] { return known }
        var stored = try await storage.ticketKey(performanceId: performanceId)
        if stored == nil {
            let fresh = Ed25519.generate()
            stored = try await storage.installTicketKey(
                performanceId: performanceId,
                StoredTicketKey(publicKey: fresh.publicKey, sealedPrivateKey: seal(fresh.privateKey, performanceId)),
                at: clock.now())
        }
        guard let stored else { throw StorageError.notFound(performanceId) }
        let privateKey = seal(stored.sealedPrivateKey, performanceId)
        // A wrong secret (a data directory moved without its secret file) must not sign garbage.
        guard Ed25519.publicKey(privateKey: privateKey) == stored.publicKey else {
            throw StorageError.corrupt("the ticket key of \(performanceId) does not open with this server's secret")
        }
        let pair = Ed25519.KeyPair(privateKey: privateKey, publicKey: stored.publicKey)
        open[performanceId] = pair
        return pair
    }

    /// XOR with the performance's pad: sealing and opening are the same operation.
    private func seal(_ key: [UInt8], _ performanceId: String) -> [UInt8] {
        let pad = Crypto.hmacSHA256(key: secret, message: Array("ticket-key:v1:\(performanceId)".utf8))
        return zip(key, pad).map { $0 ^ $1 }
    }
}
