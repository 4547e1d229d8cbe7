import Foundation
import Testing
import TicketingServer

@Suite("Hand-rolled encodings agree with Foundation")
struct EncodingTests {
    static func foundationBase64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test func base64URLRoundTripsAndMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
                let encoded = Base64URL.encode(bytes)
                #expect(encoded == Self.foundationBase64URL(bytes))
                #expect(Base64URL.decode(encoded) == bytes)
            }
        }
        // Padded and standard-alphabet input is still read; garbage and impossible lengths are not.
        #expect(Base64URL.decode("+/8=") == [0xFB, 0xFF])
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("a") == nil)
        #expect(Base64URL.decode("ab!c") == nil)
        #expect(Base64URL.decode("ab c") == nil)
    }

    @Test func hexIsLowerCaseTwoDigitsPerByte() {
        #expect(Crypto.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Crypto.hex([]) == "")
    }
}
