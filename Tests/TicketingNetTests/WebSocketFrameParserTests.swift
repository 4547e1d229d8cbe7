import Foundation
import Testing
@testable import TicketingNet

/// The one frame codec both ends use: the server parses clients' frames, the client servers'.
@Suite("WebSocket frame rules")
struct WebSocketFrameParserTests {
    private let parser = WebSocketFrameParser(from: .client, maxPayload: 1000)

    /// A client frame: masked unless `mask` is nil.
    static func frame(_ first: UInt8, _ payload: [UInt8], mask: [UInt8]? = [1, 2, 3, 4], lengthOverride: [UInt8]? = nil) -> [UInt8] {
        var bytes: [UInt8] = [first]
        let maskBit: UInt8 = mask == nil ? 0 : 0x80
        if let lengthOverride {
            bytes.append(maskBit | lengthOverride[0])
            bytes += lengthOverride.dropFirst()
        } else if payload.count < 126 {
            bytes.append(maskBit | UInt8(payload.count))
        } else {
            bytes += [maskBit | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        if let mask {
            bytes += mask
            bytes += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        } else {
            bytes += payload
        }
        return bytes
    }

    private func parse(_ bytes: [UInt8], with parser: WebSocketFrameParser? = nil) -> WebSocketFrameParse {
        bytes.withUnsafeBytes { (parser ?? self.parser).parse($0) }
    }

    private static func frame(fin: Bool = true, _ opcode: WebSocketOpcode, _ payload: [UInt8]) -> WebSocketFrame {
        WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }

    @Test func maskedTextFrameIsUnmasked() {
        let bytes = Self.frame(0x81, Array("hello".utf8))
        #expect(parse(bytes) == .frame(Self.frame(.text, Array("hello".utf8)), consumed: bytes.count))
        #expect(parse(Array(bytes.dropLast())) == .incomplete)
        let long = [UInt8](repeating: 7, count: 300)
        let longBytes = Self.frame(0x82, long)
        #expect(parse(longBytes) == .frame(Self.frame(.binary, long), consumed: longBytes.count))
    }

    @Test func protocolViolationsAre1002() {
        #expect(parse(Self.frame(0x81, [1], mask: nil)) == .violation(.protocolError("client frames must be masked")))
        #expect(parse(Self.frame(0xC1, [1])) == .violation(.protocolError("reserved bits set")))
        #expect(parse(Self.frame(0x83, [1])) == .violation(.protocolError("unknown opcode 3")))
        #expect(parse(Self.frame(0x09, [1])) == .violation(.protocolError("control frames must not be fragmented")))
        #expect(parse(Self.frame(0x89, [UInt8](repeating: 0, count: 126))) == .violation(.protocolError("control frames carry at most 125 bytes")))
        #expect(parse(Self.frame(0x82, [], lengthOverride: [126, 0, 5])) == .violation(.protocolError("non-minimal length")))
        #expect(parse(Self.frame(0x82, [], lengthOverride: [127, 0x80, 0, 0, 0, 0, 0, 0, 0])) == .violation(.protocolError("the length's top bit is set")))
        #expect(WebSocketViolation.protocolError("x").code == 1002)
    }

    @Test func oversizedFramesAre1009FromTheHeaderAlone() {
        #expect(parse([0x82, 0xFE, 0x03, 0xE9]) == .violation(.tooBig("frame over 1000 bytes")))
        #expect(parse([0x82, 0xFF, 0, 0, 0, 1, 0, 0, 0, 0]) == .violation(.tooBig("frame over 1000 bytes")))
        #expect(WebSocketViolation.tooBig("x").code == 1009)
    }

    /// A client's budget shrinks as a fragmented message grows; a ping between fragments is
    /// bounded by the 125-byte control limit alone.
    @Test func controlFramesAreNotBoundByTheMessageBudget() {
        let spent = WebSocketFrameParser(from: .client, maxPayload: 0)
        let ping = Self.frame(0x89, [1, 2, 3])
        #expect(parse(ping, with: spent) == .frame(Self.frame(.ping, [1, 2, 3]), consumed: ping.count))
        #expect(parse(Self.frame(0x00, [1]), with: spent) == .violation(.tooBig("frame over 0 bytes")))
    }

    @Test func serverFramesMustBeUnmasked() {
        let fromServer = WebSocketFrameParser(from: .server, maxPayload: 1000)
        let bare = Self.frame(0x81, Array("hi".utf8), mask: nil)
        #expect(parse(bare, with: fromServer) == .frame(Self.frame(.text, Array("hi".utf8)), consumed: bare.count))
        #expect(parse(Self.frame(0x81, Array("hi".utf8)), with: fromServer)
            == .violation(.protocolError("server frames must not be masked")))
    }

    /// What one end encodes, the other parses back, at each of the three length encodings.
    @Test(arguments: [0, 5, 125, 126, 300, 65_535, 65_536, 70_000])
    func encodingRoundTripsBetweenTheEnds(count: Int) {
        let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let frame = WebSocketFrame(fin: count % 2 == 0, opcode: .binary, payload: payload)
        let big = 100_000
        let masked = [UInt8](frame.encoded(mask: [9, 8, 7, 6]))
        #expect(parse(masked, with: WebSocketFrameParser(from: .client, maxPayload: big))
            == .frame(frame, consumed: masked.count))
        let bare = [UInt8](frame.encoded())
        #expect(bare.count == masked.count - 4)
        #expect(parse(bare, with: WebSocketFrameParser(from: .server, maxPayload: big)) == .frame(frame, consumed: bare.count))
    }

    @Test func assemblerJoinsFragmentsAndChecksUTF8AndSize() {
        var assembler = WebSocketMessageAssembler(maxMessage: 10)
        #expect(assembler.accept(Self.frame(fin: false, .text, [0xE2, 0x82])) == .success(.none))
        #expect(assembler.remainingBudget == 8)
        #expect(assembler.accept(Self.frame(.ping, [1])) == .success(.ping([1])))
        #expect(assembler.accept(Self.frame(.continuation, [0xAC])) == .success(.message(.text, [0xE2, 0x82, 0xAC])))
        #expect(assembler.remainingBudget == 10)
        #expect(assembler.accept(Self.frame(.text, [0xC0, 0x80])) == .failure(.invalidData("text message is not valid UTF-8")))
        #expect(assembler.accept(Self.frame(.text, [0xED, 0xA0, 0x80])) == .failure(.invalidData("text message is not valid UTF-8")))
        #expect(assembler.accept(Self.frame(.binary, [0xFF])) == .success(.message(.binary, [0xFF])))
        #expect(assembler.accept(Self.frame(.pong, [7])) == .success(.pong([7])))
        var sized = WebSocketMessageAssembler(maxMessage: 10)
        #expect(sized.accept(Self.frame(fin: false, .binary, [UInt8](repeating: 0, count: 8))) == .success(.none))
        #expect(sized.accept(Self.frame(.continuation, [1, 2, 3])) == .failure(.tooBig("message over 10 bytes")))
    }

    @Test func continuationRules() {
        var assembler = WebSocketMessageAssembler(maxMessage: 10)
        #expect(assembler.accept(Self.frame(.continuation, [])) == .failure(.protocolError("continuation without a message")))
        #expect(assembler.accept(Self.frame(fin: false, .text, [65])) == .success(.none))
        #expect(assembler.accept(Self.frame(.text, [65])) == .failure(.protocolError("a new message began inside a fragmented one")))
    }

    @Test func closeCodesAndReasons() {
        var assembler = WebSocketMessageAssembler(maxMessage: 10)
        #expect(assembler.accept(Self.frame(.close, [])) == .success(.close(WebSocketClose(code: 1005))))
        #expect(assembler.accept(Self.frame(.close, [0x03, 0xE8, 0x6F, 0x6B])) == .success(.close(WebSocketClose(code: 1000, reason: "ok"))))
        #expect(assembler.accept(Self.frame(.close, [0x03])) == .failure(.protocolError("a close payload of one byte")))
        #expect(assembler.accept(Self.frame(.close, [0x03, 0xED])) == .failure(.protocolError("close code 1005 is not allowed")))
        #expect(assembler.accept(Self.frame(.close, [0x03, 0xE8, 0xFF])) == .failure(.invalidData("close reason is not valid UTF-8")))
    }
}
