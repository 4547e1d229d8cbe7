import Foundation
import Testing
import TicketingProtocol
@testable import TicketingServer

/// Claims written by hand sign the bytes `JSONEncoder` with sorted keys wrote before (but for
/// `/`, which it escapes and the wire writer does not), and tokens issued either way verify to the
/// same claims: a rolling restart of several nodes keeps everyone signed in.
@Suite("Token signer")
struct TokenSignerTests {
    static let strings = ["usr_0a1b2c3d4e5f", "", "a/b \"q\" \\ \n\t\u{01}\u{1F}", "좌석 ✓ e\u{301}"]
    static let numbers = [0, 1, -1, 1_796_000_000, Int.max, Int.min]

    private static func sortedJSON(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(value)
    }

    /// What `sign` would have made through `JSONEncoder`.
    private struct Encoded<Claims: Encodable>: Encodable {
        let claims: Claims
        func encode(to encoder: any Encoder) throws { try claims.encode(to: encoder) }
    }

    @Test func claimsAreTheBytesJSONEncoderWrote() throws {
        for text in Self.strings {
            for number in Self.numbers {
                let access = AccessClaims(sub: text, role: text, exp: number)
                let admission = AdmissionClaims(perf: text, sub: text, exp: number)
                let slashes = { (data: Data) in String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\\/", with: "/") }
                #expect(String(decoding: access.wireJSON, as: UTF8.self) == slashes(try Self.sortedJSON(access)))
                #expect(String(decoding: admission.wireJSON, as: UTF8.self) == slashes(try Self.sortedJSON(admission)))
                if !text.contains("/") {
                    #expect(access.wireJSON == (try Self.sortedJSON(access)))
                    #expect(admission.wireJSON == (try Self.sortedJSON(admission)))
                }
            }
        }
    }

    @Test func tokensSignedEitherWayVerifyToTheSameClaims() {
        let signer = TokenSigner(key: Array("k".utf8))
        let auth = Authenticator(signer: signer, ttl: 60, clock: WallClock { Date(timeIntervalSince1970: 1_000) })
        for text in Self.strings {
            let admission = AdmissionClaims(perf: text, sub: text, exp: 2_000)
            for token in [signer.sign(admission), signer.sign(Encoded(claims: admission))] {
                #expect(signer.verify(token, as: AdmissionClaims.self) == admission)
            }
            let access = AccessClaims(sub: text, role: "buyer", exp: 2_000)
            for token in [signer.sign(access), signer.sign(Encoded(claims: access))] {
                #expect(signer.verify(token, as: AccessClaims.self) == access)
                #expect(auth.principal(token: token) == Principal(userId: text, role: .buyer))
            }
        }
    }

    @Test func aHandWrittenTokenIsTheEncodedOneAndVerifies() {
        let signer = TokenSigner(key: Array("k".utf8))
        let claims = AdmissionClaims(perf: "prf_1", sub: "usr_a", exp: 2_000)
        let token = signer.sign(claims)
        #expect(token == signer.sign(Encoded(claims: claims)))
        #expect(signer.verify(token, as: AdmissionClaims.self) == claims)
        #expect(TokenSigner(key: Array("other".utf8)).verify(token, as: AdmissionClaims.self) == nil)
    }
}
