import Testing
@testable import TicketingServer

@Suite("WebSocket frame rules")
struct WSFrameParserTests {
    private let parser = WSFrameParser(maxPayload: 1000)

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

    private func parse(_ bytes: [UInt8]) -> FrameParse { bytes.withUnsafeBytes { parser.parse($0) } }

    @Test func maskedTextFrameIsUnmasked() {
        let bytes = Self.frame(0x81, Array("hello".utf8))
        #expect(parse(bytes) == .frame(ClientFrame(fin: true, opcode: 1, payload: Array("hello".utf8)), consumed: bytes.count))
        #expect(parse(Array(bytes.dropLast())) == .incomplete)
        let long = [UInt8](repeating: 7, count: 300)
        let longBytes = Self.frame(0x82, long)
        #expect(parse(longBytes) == .frame(ClientFrame(fin: true, opcode: 2, payload: long), consumed: longBytes.count))
    }

    @Test func protocolViolationsAre1002() {
        #expect(parse(Self.frame(0x81, [1], mask: nil)) == .violation(.protocolError("client frames must be masked")))
        #expect(parse(Self.frame(0xC1, [1])) == .violation(.protocolError("reserved bits set")))
        #expect(parse(Self.frame(0x83, [1])) == .violation(.protocolError("unknown opcode 3")))
        #expect(parse(Self.frame(0x09, [1])) == .violation(.protocolError("control frames must not be fragmented")))
        #expect(parse(Self.frame(0x89, [UInt8](repeating: 0, count: 126))) == .violation(.protocolError("control frames carry at most 125 bytes")))
        #expect(parse(Self.frame(0x82, [], lengthOverride: [126, 0, 5])) == .violation(.protocolError("non-minimal length")))
        #expect(parse(Self.frame(0x82, [], lengthOverride: [127, 0x80, 0, 0, 0, 0, 0, 0, 0])) == .violation(.protocolError("the length's top bit is set")))
    }

    @Test func oversizedFramesAre1009FromTheHeaderAlone() {
        #expect(parse([0x82, 0xFE, 0x03, 0xE9]) == .violation(.tooBig("frame over 1000 bytes")))
        #expect(parse([0x82, 0xFF, 0, 0, 0, 1, 0, 0, 0, 0]) == .violation(.tooBig("frame over 1000 bytes")))
    }

    @Test func assemblerJoinsFragmentsAndChecksUTF8AndSize() {
        var assembler = WSMessageAssembler(maxMessage: 10)
        #expect(assembler.accept(ClientFrame(fin: false, opcode: 1, payload: [0xE2, 0x82])) == .success(.none))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 9, payload: [1])) == .success(.ping([1])))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 0, payload: [0xAC])) == .success(.message(opcode: 1, payload: [0xE2, 0x82, 0xAC])))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 1, payload: [0xC0, 0x80])) == .failure(.invalidData("text message is not valid UTF-8")))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 1, payload: [0xED, 0xA0, 0x80])) == .failure(.invalidData("text message is not valid UTF-8")))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 2, payload: [0xFF])) == .success(.message(opcode: 2, payload: [0xFF])))
        var sized = WSMessageAssembler(maxMessage: 10)
        #expect(sized.accept(ClientFrame(fin: false, opcode: 2, payload: [UInt8](repeating: 0, count: 8))) == .success(.none))
        #expect(sized.accept(ClientFrame(fin: true, opcode: 0, payload: [1, 2, 3])) == .failure(.tooBig("message over 10 bytes")))
    }

    @Test func continuationRules() {
        var assembler = WSMessageAssembler(maxMessage: 10)
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 0, payload: [])) == .failure(.protocolError("continuation without a message")))
        #expect(assembler.accept(ClientFrame(fin: false, opcode: 1, payload: [65])) == .success(.none))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 1, payload: [65])) == .failure(.protocolError("a new message began inside a fragmented one")))
    }

    @Test func closeCodesAndReasons() {
        var assembler = WSMessageAssembler(maxMessage: 10)
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 8, payload: [])) == .success(.close(code: 1005, reason: "")))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 8, payload: [0x03, 0xE8, 0x6F, 0x6B])) == .success(.close(code: 1000, reason: "ok")))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 8, payload: [0x03])) == .failure(.protocolError("a close payload of one byte")))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 8, payload: [0x03, 0xED])) == .failure(.protocolError("close code 1005 is not allowed")))
        #expect(assembler.accept(ClientFrame(fin: true, opcode: 8, payload: [0x03, 0xE8, 0xFF])) == .failure(.invalidData("close reason is not valid UTF-8")))
    }
}
