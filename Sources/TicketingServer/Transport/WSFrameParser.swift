/// A client frame that passed RFC 6455 §5 checks, payload already unmasked.
struct ClientFrame: Sendable, Equatable {
    var fin: Bool
    var opcode: UInt8
    var payload: [UInt8]

    var isControl: Bool { opcode & 0x8 != 0 }
}

/// A WebSocket close code the server answers a misbehaving client with before closing.
struct WSViolation: Error, Sendable, Equatable {
    var code: UInt16
    var reason: String

    static func protocolError(_ reason: String) -> WSViolation { WSViolation(code: 1002, reason: reason) }
    static func invalidData(_ reason: String) -> WSViolation { WSViolation(code: 1007, reason: reason) }
    static func tooBig(_ reason: String) -> WSViolation { WSViolation(code: 1009, reason: reason) }
}

enum FrameParse: Sendable, Equatable {
    case incomplete
    case frame(ClientFrame, consumed: Int)
    case violation(WSViolation)
}

/// Reads one client frame from the front of a buffer. Strict: unmasked frames, reserved bits
/// (no extension is negotiated), unknown opcodes, long or fragmented control frames are
/// protocol errors, and a frame longer than `maxPayload` is refused from its header alone.
struct WSFrameParser: Sendable {
    var maxPayload: Int

    func parse(_ raw: UnsafeRawBufferPointer) -> FrameParse {
        let bytes = raw.bindMemory(to: UInt8.self)
        guard bytes.count >= 2 else { return .incomplete }
        let fin = bytes[0] & 0x80 != 0
        guard bytes[0] & 0x70 == 0 else { return .violation(.protocolError("reserved bits set")) }
        let opcode = bytes[0] & 0x0F
        guard [0x0, 0x1, 0x2, 0x8, 0x9, 0xA].contains(opcode) else {
            return .violation(.protocolError("unknown opcode \(opcode)"))
        }
        guard bytes[1] & 0x80 != 0 else { return .violation(.protocolError("client frames must be masked")) }
        let shortLength = Int(bytes[1] & 0x7F)
        let isControl = opcode & 0x8 != 0
        if isControl {
            guard fin else { return .violation(.protocolError("control frames must not be fragmented")) }
            guard shortLength <= 125 else { return .violation(.protocolError("control frames carry at most 125 bytes")) }
        }
        var index = 2
        var length = shortLength
        if shortLength == 126 {
            guard bytes.count >= 4 else { return .incomplete }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            guard length >= 126 else { return .violation(.protocolError("non-minimal length")) }
            index = 4
        } else if shortLength == 127 {
            guard bytes.count >= 10 else { return .incomplete }
            guard bytes[2] & 0x80 == 0 else { return .violation(.protocolError("the length's top bit is set")) }
            var long: UInt64 = 0
            for offset in 2..<10 { long = long << 8 | UInt64(bytes[offset]) }
            guard long > 0xFFFF else { return .violation(.protocolError("non-minimal length")) }
            guard long <= UInt64(maxPayload) else { return .violation(.tooBig("frame over \(maxPayload) bytes")) }
            length = Int(long)
            index = 10
        }
        guard length <= maxPayload else { return .violation(.tooBig("frame over \(maxPayload) bytes")) }
        guard bytes.count >= index + 4 + length else { return .incomplete }
        let mask = (bytes[index], bytes[index + 1], bytes[index + 2], bytes[index + 3])
        index += 4
        var payload = [UInt8](repeating: 0, count: length)
        for offset in 0..<length {
            let key: UInt8
            switch offset & 3 {
            case 0: key = mask.0
            case 1: key = mask.1
            case 2: key = mask.2
            default: key = mask.3
            }
            payload[offset] = bytes[index + offset] ^ key
        }
        return .frame(ClientFrame(fin: fin, opcode: opcode, payload: payload), consumed: index + length)
    }
}

/// What the connection does with a frame once the assembler has seen it.
enum WSEvent: Sendable, Equatable {
    /// A whole text (opcode 1, valid UTF-8) or binary (opcode 2) message.
    case message(opcode: UInt8, payload: [UInt8])
    case ping([UInt8])
    case pong
    /// The client's close code (1005 when it sent none) and reason.
    case close(code: UInt16, reason: String)
    /// A fragment was absorbed; nothing to do yet.
    case none
}

/// Joins fragments into messages and checks what only a sequence of frames can break:
/// continuation order, the message size cap (1009) and UTF-8 in text and close reasons (1007).
struct WSMessageAssembler: Sendable {
    var maxMessage: Int
    private var fragmentOpcode: UInt8?
    private var fragments: [UInt8] = []

    init(maxMessage: Int) {
        self.maxMessage = maxMessage
    }

    mutating func accept(_ frame: ClientFrame) -> Result<WSEvent, WSViolation> {
        switch frame.opcode {
        case 0x8: return Self.close(frame.payload)
        case 0x9: return .success(.ping(frame.payload))
        case 0xA: return .success(.pong)
        case 0x0:
            guard let opcode = fragmentOpcode else { return .failure(.protocolError("continuation without a message")) }
            guard frame.payload.count <= maxMessage - fragments.count else {
                return .failure(.tooBig("message over \(maxMessage) bytes"))
            }
            fragments += frame.payload
            guard frame.fin else { return .success(.none) }
            let payload = fragments
            fragmentOpcode = nil
            fragments = []
            return Self.finish(opcode: opcode, payload: payload)
        default:
            guard fragmentOpcode == nil else { return .failure(.protocolError("a new message began inside a fragmented one")) }
            guard frame.payload.count <= maxMessage else { return .failure(.tooBig("message over \(maxMessage) bytes")) }
            guard frame.fin else {
                fragmentOpcode = frame.opcode
                fragments = frame.payload
                return .success(.none)
            }
            return Self.finish(opcode: frame.opcode, payload: frame.payload)
        }
    }

    private static func finish(opcode: UInt8, payload: [UInt8]) -> Result<WSEvent, WSViolation> {
        if opcode == 0x1, !isValidUTF8(payload) { return .failure(.invalidData("text message is not valid UTF-8")) }
        return .success(.message(opcode: opcode, payload: payload))
    }

    private static func close(_ payload: [UInt8]) -> Result<WSEvent, WSViolation> {
        if payload.isEmpty { return .success(.close(code: 1005, reason: "")) }
        guard payload.count >= 2 else { return .failure(.protocolError("a close payload of one byte")) }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        // RFC 6455 §7.4: codes a peer may send; 1005, 1006 and 1015 are never on the wire.
        guard (1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code) else {
            return .failure(.protocolError("close code \(code) is not allowed"))
        }
        let reason = Array(payload[2...])
        guard isValidUTF8(reason) else { return .failure(.invalidData("close reason is not valid UTF-8")) }
        return .success(.close(code: code, reason: String(decoding: reason, as: UTF8.self)))
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
