import Foundation
import Testing
@testable import TicketingServer

/// The hand-read access claims are exactly what `JSONDecoder` reads from what `TokenSigner`
/// signs, and anything in another shape is left to `JSONDecoder` (nil here), never misread.
@Suite("Access claims read without JSONDecoder")
struct AccessClaimsPayloadTests {
    static let claims = [
        AccessClaims(sub: "usr_0a1b2c3d4e5f6a7b8c9d", role: "buyer", exp: 1_796_000_000),
        AccessClaims(sub: "usr_x", role: "admin", exp: 0),
        AccessClaims(sub: "", role: "seller", exp: -42),
        AccessClaims(sub: "좌석 ✓", role: "door", exp: Int.max),
        AccessClaims(sub: "usr_y", role: "buyer", exp: Int.min),
    ]

    private func signed(_ claims: AccessClaims) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(claims))
    }

    @Test(arguments: claims)
    func readsWhatTheSignerWrites(claims: AccessClaims) throws {
        let payload = try signed(claims)
        #expect(AccessClaims(signedPayload: payload) == claims)
        #expect(try JSONDecoder().decode(AccessClaims.self, from: Data(payload)) == claims)
    }

    @Test func leavesOtherShapesToTheDecoder() throws {
        var escaped = AccessClaims(sub: "a/b \"q\"", role: "buyer", exp: 1)
        #expect(AccessClaims(signedPayload: try signed(escaped)) == nil)
        escaped.kind = "admission"
        #expect(AccessClaims(signedPayload: try signed(escaped)) == nil)  // still escaped
        let odd = [#"{"exp":1,"kind":"access","role":"buyer","sub":"u"} "#, #"{"exp":01,"kind":"access","role":"buyer","sub":"u"}"#,
                   #"{"exp":1.5,"kind":"access","role":"buyer","sub":"u"}"#, #"{"kind":"access","exp":1,"role":"buyer","sub":"u"}"#,
                   #"{"exp":99999999999999999999,"kind":"access","role":"buyer","sub":"u"}"#, #"{"exp":1,"kind":"access","role":"buyer""#]
        for text in odd { #expect(AccessClaims(signedPayload: Array(text.utf8)) == nil, "\(text)") }
        let admission = #"{"exp":1,"kind":"admission","role":"buyer","sub":"u"}"#
        #expect(AccessClaims(signedPayload: Array(admission.utf8))?.kind == "admission")
    }

    /// Through the authenticator: a good token passes, a token whose payload or signature was
    /// changed does not, and a token of another kind does not.
    @Test func authenticatorStillChecksSignatureKindAndExpiry() {
        let signer = TokenSigner(key: Array("k".utf8))
        let auth = Authenticator(signer: signer, ttl: 60, clock: WallClock { Date(timeIntervalSince1970: 1_000) })
        let good = signer.sign(AccessClaims(sub: "usr_a", role: "buyer", exp: 2_000))
        #expect(auth.principal(token: good) == Principal(userId: "usr_a", role: .buyer))
        let other = signer.sign(AccessClaims(sub: "usr_b", role: "admin", exp: 2_000))
        let swapped = String(other.split(separator: ".")[0]) + "." + String(good.split(separator: ".")[1])
        #expect(auth.principal(token: swapped) == nil)
        #expect(auth.principal(token: good + "x") == nil)
        #expect(auth.principal(token: good + ".") == nil)
        #expect(auth.principal(token: signer.sign(AccessClaims(sub: "usr_a", role: "buyer", exp: 999))) == nil)
        #expect(auth.principal(token: signer.sign(AdmissionClaims(perf: "p", sub: "usr_a", exp: 2_000))) == nil)
        let foreign = TokenSigner(key: Array("other".utf8))
        #expect(auth.principal(token: foreign.sign(AccessClaims(sub: "usr_a", role: "buyer", exp: 2_000))) == nil)
    }
}
