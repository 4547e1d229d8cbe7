import Foundation
import Testing
import TicketingNet

/// The pushes' one-buffer framing writes the bytes the general encoder writes, at every length
/// boundary, and the client's parser reads them back.
@Suite("Server text frames")
struct ServerTextFrameTests {
    @Test(arguments: [0, 1, 125, 126, 127, 4_000, 65_535, 65_536, 70_000])
    func matchesTheGeneralEncoderAndParsesBack(length: Int) {
        let payload = Data((0..<length).map { UInt8(0x61 + $0 % 26) })
        let framed = WebSocketFrame.serverText(payload)
        #expect(framed == WebSocketFrame(opcode: .text, payload: [UInt8](payload)).encoded())
        let parsed = framed.withUnsafeBytes { WebSocketFrameParser(from: .server, maxPayload: 1 << 20).parse($0) }
        guard case .frame(let frame, let consumed) = parsed else {
            Issue.record("not one whole frame: \(parsed)")
            return
        }
        #expect(consumed == framed.count)
        #expect(frame.opcode == .text && frame.fin && frame.payload == [UInt8](payload))
    }

    @Test func aSlicedPayloadIsFramedFromItsOwnBytes() {
        let whole = Data("xx{\"type\":\"queue.status\"}yy".utf8)
        let slice = whole.dropFirst(2).dropLast(2)
        #expect(WebSocketFrame.serverText(slice) == WebSocketFrame(opcode: .text, payload: [UInt8](slice)).encoded())
    }
}
