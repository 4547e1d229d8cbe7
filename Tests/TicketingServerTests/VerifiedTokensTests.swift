import Foundation
import Synchronization
import Testing
@testable import TicketingServer

/// The verified-token cache saves the signature check, never the expiry check, and never lets
/// a token in that did not verify.
@Suite("Verified token cache")
struct VerifiedTokensTests {
    final class Clock: Sendable {
        private let seconds = Mutex<TimeInterval>(1_000)
        var wall: WallClock { WallClock { [self] in Date(timeIntervalSince1970: seconds.withLock { $0 }) } }
        func set(_ value: TimeInterval) { seconds.withLock { $0 = value } }
    }

    private let signer = TokenSigner(key: Array("k".utf8))

    @Test func aCachedTokenStillExpiresOnTime() {
        let clock = Clock()
        let auth = Authenticator(signer: signer, ttl: 60, clock: clock.wall)
        let token = signer.sign(AccessClaims(sub: "usr_a", role: "buyer", exp: 2_000))
        #expect(auth.principal(token: token) == Principal(userId: "usr_a", role: .buyer))
        #expect(auth.verified.claims(of: token) != nil)
        clock.set(1_999)
        #expect(auth.principal(token: token) == Principal(userId: "usr_a", role: .buyer))
        clock.set(2_000)
        #expect(auth.principal(token: token) == nil)
        clock.set(5_000)
        #expect(auth.principal(token: token) == nil)
    }

    /// With the genuine token cached, its altered copies are checked in full and refused, and
    /// nothing that failed is stored.
    @Test func forgedTokensAreRefusedAndNeverCached() {
        let auth = Authenticator(signer: signer, ttl: 60, clock: Clock().wall)
        let good = signer.sign(AccessClaims(sub: "usr_a", role: "buyer", exp: 2_000))
        #expect(auth.principal(token: good) != nil)
        let admin = signer.sign(AccessClaims(sub: "usr_a", role: "admin", exp: 2_000))
        let forged = [
            String(admin.split(separator: ".")[0]) + "." + String(good.split(separator: ".")[1]),
            good + "x", good + ".", String(good.dropLast()),
            TokenSigner(key: Array("other".utf8)).sign(AccessClaims(sub: "usr_a", role: "admin", exp: 2_000)),
            signer.sign(AdmissionClaims(perf: "p", sub: "usr_a", exp: 2_000)),
        ]
        for token in forged {
            #expect(auth.principal(token: token) == nil, "\(token)")
            #expect(auth.principal(token: token) == nil, "\(token), asked again")
            #expect(auth.verified.claims(of: token) == nil, "\(token)")
        }
        #expect(auth.verified.count == 1)
    }

    @Test func theCacheStaysWithinItsCapacityAndKeepsTokensInUse() {
        let cache = VerifiedTokens(capacity: 100)
        let claims = VerifiedTokens.Claims(userId: "u", role: .buyer, expiry: 1)
        cache.remember("hot", claims)
        for index in 0..<1_000 {
            cache.remember("token-\(index)", claims)
            #expect(cache.claims(of: "hot") == claims)
            #expect(cache.count <= 100)
        }
        #expect(cache.claims(of: "token-0") == nil)
        #expect(cache.claims(of: "token-999") == claims)
    }

    /// The byte-wise read of the common `Bearer <token>` shape; every other shape is left to the
    /// general parse (nil here).
    @Test func plainBearerShapes() {
        #expect(Authenticator.plainBearer("Bearer abc.def") == "abc.def")
        #expect(Authenticator.plainBearer("bearer abc") == "abc")
        #expect(Authenticator.plainBearer("BEARER a b") == "a b")
        for other in ["Bearer  abc", "Bearer abc ", "Bearer\tabc", "Basic abc", "Bearer", "Bearer ", "Bearerx abc",
                      "Bearer\u{301} abc", "Béarer abc"] {
            #expect(Authenticator.plainBearer(other) == nil, "\(other)")
        }
    }
}
