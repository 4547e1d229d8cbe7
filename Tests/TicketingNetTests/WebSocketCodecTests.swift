import Foundation
import Testing
@testable import TicketingNet

@Suite("WebSocket codec pieces")
struct WebSocketCodecTests {
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        (String(repeating: "a", count: 1_000), "291e9a6c66994949b57ba5e650361e98fc36b1ba"),
    ])
    func sha1MatchesKnownDigests(input: String, hex: String) {
        let digest = SHA1.hash(Array(input.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(digest == hex)
    }

    @Test func acceptValueMatchesTheRFCExample() {
        #expect(WebSocketHandshake.accept(for: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func keysAreSixteenRandomBytes() {
        let keys = (0..<20).map { _ in WebSocketHandshake.makeKey() }
        #expect(keys.allSatisfy { Data(base64Encoded: $0)?.count == 16 })
        #expect(Set(keys).count == keys.count)
    }

    @Test func closeReasonIsCutAtACharacterBoundary() {
        let frame = WebSocketFrame.close(WebSocketClose(code: 1000, reason: String(repeating: "좌", count: 60)))
        #expect(frame.payload.count <= 125)
        #expect(WebSocketMessageAssembler.isValidUTF8(Array(frame.payload[2...])))
    }

    @Test func utf8ValidationRejectsOverlongsSurrogatesAndTruncation() {
        #expect(WebSocketMessageAssembler.isValidUTF8(Array("좌석 ✓".utf8)))
        #expect(!WebSocketMessageAssembler.isValidUTF8([0xC0, 0xAF]))
        #expect(!WebSocketMessageAssembler.isValidUTF8([0xED, 0xA0, 0x80]))
        #expect(!WebSocketMessageAssembler.isValidUTF8([0xF4, 0x90, 0x80, 0x80]))
        #expect(!WebSocketMessageAssembler.isValidUTF8([0xE2, 0x82]))
    }
}
