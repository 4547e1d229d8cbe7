import Foundation

/// RFC 6455 opcodes. Public: the server's WebSocket loop and the client build frames from them.
public enum WebSocketOpcode: UInt8, Sendable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    public var isControl: Bool { rawValue & 0x8 != 0 }
}

/// One frame, payload unmasked. Public: the one frame type both ends encode and decode.
public struct WebSocketFrame: Sendable, Equatable {
    public var fin: Bool
    public var opcode: WebSocketOpcode
    public var payload: [UInt8]

    public init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }

    /// The frame on the wire: a client masks it with `mask` (RFC 6455 §5.3), a server never
    /// masks (§5.1) and passes nil.
    public func encoded(mask: [UInt8]? = nil) -> Data {
        let count = payload.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 14)
        bytes.append((fin ? 0x80 : 0) | opcode.rawValue)
        let maskBit: UInt8 = mask == nil ? 0 : 0x80
        if count < 126 {
            bytes.append(maskBit | UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes += [maskBit | 126, UInt8(count >> 8), UInt8(truncatingIfNeeded: count)]
        } else {
            bytes.append(maskBit | 127)
            bytes += stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: count >> $0) }
        }
        guard let mask else {
            bytes += payload
            return Data(bytes)
        }
        precondition(mask.count == 4)
        bytes += mask
        let start = bytes.count
        bytes += payload
        bytes.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<count {
                buffer[start + index] ^= mask[index & 3]
            }
        }
        return Data(bytes)
    }

    /// An unmasked text frame around an encoded message, built in one buffer: the server frames
    /// every push with it, and `encoded()` copies the payload twice more on the way.
    public static func serverText(_ utf8: Data) -> Data {
        let count = utf8.count
        var frame = Data(capacity: count + 10)
        frame.append(0x80 | WebSocketOpcode.text.rawValue)
        if count < 126 {
            frame.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            frame.append(contentsOf: [126, UInt8(count >> 8), UInt8(truncatingIfNeeded: count)])
        } else {
            frame.append(127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8(truncatingIfNeeded: count >> shift)) }
        }
        frame.append(utf8)
        return frame
    }

    /// A close frame; the reason is cut at a character boundary to fit the 125-byte control payload.
    public static func close(_ close: WebSocketClose) -> WebSocketFrame {
        var reason: [UInt8] = []
        for character in close.reason {
            let bytes = Array(character.utf8)
            guard reason.count + bytes.count <= 123 else { break }
            reason += bytes
        }
        return WebSocketFrame(opcode: .close, payload: [UInt8(close.code >> 8), UInt8(close.code & 0xFF)] + reason)
    }
}

/// A frame or sequence of frames that breaks RFC 6455; the receiving end closes with `code`.
/// Public: the server answers with it, the client reports it as `WebSocketError.protocolViolation`.
public struct WebSocketViolation: Error, Sendable, Equatable {
    public var code: UInt16
    public var reason: String

    public init(code: UInt16, reason: String) {
        self.code = code
        self.reason = reason
    }

    public static func protocolError(_ reason: String) -> WebSocketViolation {
        WebSocketViolation(code: WebSocketClose.protocolError, reason: reason)
    }

    public static func invalidData(_ reason: String) -> WebSocketViolation {
        WebSocketViolation(code: WebSocketClose.invalidPayload, reason: reason)
    }

    public static func tooBig(_ reason: String) -> WebSocketViolation {
        WebSocketViolation(code: WebSocketClose.messageTooBig, reason: reason)
    }
}

/// What one parse of the front of a buffer found. Public with the parser.
public enum WebSocketFrameParse: Sendable, Equatable {
    case incomplete
    case frame(WebSocketFrame, consumed: Int)
    case violation(WebSocketViolation)
}

/// Reads one frame from the front of a buffer, for either end. Strict: reserved bits (no
/// extension is ever negotiated), unknown opcodes, long or fragmented control frames,
/// non-minimal lengths and the wrong masking for the sender are protocol errors, and a data
/// frame longer than `maxPayload` is refused from its header alone. Public: the server's
/// WebSocket loop and `WebSocketClient` share it.
public struct WebSocketFrameParser: Sendable {
    /// Whose frames these are: a client's must be masked, a server's must not (RFC 6455 §5.1).
    public enum Sender: Sendable { case client, server }

    public var sender: Sender
    /// What a data frame may carry; control frames are bounded at 125 bytes on their own.
    public var maxPayload: Int

    public init(from sender: Sender, maxPayload: Int) {
        self.sender = sender
        self.maxPayload = maxPayload
    }

    public func parse(_ raw: UnsafeRawBufferPointer) -> WebSocketFrameParse {
        let bytes = raw.bindMemory(to: UInt8.self)
        guard bytes.count >= 2 else { return .incomplete }
        let fin = bytes[0] & 0x80 != 0
        guard bytes[0] & 0x70 == 0 else { return .violation(.protocolError("reserved bits set")) }
        guard let opcode = WebSocketOpcode(rawValue: bytes[0] & 0x0F) else {
            return .violation(.protocolError("unknown opcode \(bytes[0] & 0x0F)"))
        }
        let masked = bytes[1] & 0x80 != 0
        switch sender {
        case .client: guard masked else { return .violation(.protocolError("client frames must be masked")) }
        case .server: guard !masked else { return .violation(.protocolError("server frames must not be masked")) }
        }
        let shortLength = Int(bytes[1] & 0x7F)
        if opcode.isControl {
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
        guard opcode.isControl || length <= maxPayload else { return .violation(.tooBig("frame over \(maxPayload) bytes")) }
        let maskLength = masked ? 4 : 0
        guard bytes.count >= index + maskLength + length else { return .incomplete }
        guard masked else {
            let payload = Array(bytes[index..<(index + length)])
            return .frame(WebSocketFrame(fin: fin, opcode: opcode, payload: payload), consumed: index + length)
        }
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
        return .frame(WebSocketFrame(fin: fin, opcode: opcode, payload: payload), consumed: index + length)
    }
}

/// What a connection does with a frame once the assembler has seen it. Public with the assembler.
public enum WebSocketEvent: Sendable, Equatable {
    /// A whole text (valid UTF-8) or binary message.
    case message(WebSocketOpcode, [UInt8])
    case ping([UInt8])
    case pong([UInt8])
    /// The peer's close code (1005 when it sent none) and reason.
    case close(WebSocketClose)
    /// A fragment was absorbed; nothing to do yet.
    case none
}

/// Joins fragments into messages and checks what only a sequence of frames can break:
/// continuation order, the message size cap (1009), UTF-8 in text and close reasons (1007) and
/// close codes. Public: both ends assemble with it.
public struct WebSocketMessageAssembler: Sendable {
    public let maxMessage: Int
    private var fragmentOpcode: WebSocketOpcode?
    private var fragments: [UInt8] = []

    public init(maxMessage: Int) {
        self.maxMessage = maxMessage
    }

    /// What the message under way may still grow by: a parser's `maxPayload` for the next frame.
    public var remainingBudget: Int { maxMessage - fragments.count }

    public mutating func accept(_ frame: WebSocketFrame) -> Result<WebSocketEvent, WebSocketViolation> {
        switch frame.opcode {
        case .close: return Self.close(frame.payload)
        case .ping: return .success(.ping(frame.payload))
        case .pong: return .success(.pong(frame.payload))
        case .continuation:
            guard let opcode = fragmentOpcode else { return .failure(.protocolError("continuation without a message")) }
            guard frame.payload.count <= maxMessage - fragments.count else {
                return .failure(.tooBig("message over \(maxMessage) bytes"))
            }
            fragments += frame.payload
            guard frame.fin else { return .success(.none) }
            let payload = fragments
            fragmentOpcode = nil
            fragments = []
            return Self.finish(opcode, payload)
        case .text, .binary:
            guard fragmentOpcode == nil else { return .failure(.protocolError("a new message began inside a fragmented one")) }
            guard frame.payload.count <= maxMessage else { return .failure(.tooBig("message over \(maxMessage) bytes")) }
            guard frame.fin else {
                fragmentOpcode = frame.opcode
                fragments = frame.payload
                return .success(.none)
            }
            return Self.finish(frame.opcode, frame.payload)
        }
    }

    private static func finish(_ opcode: WebSocketOpcode, _ payload: [UInt8]) -> Result<WebSocketEvent, WebSocketViolation> {
        if opcode == .text, !isValidUTF8(payload) { return .failure(.invalidData("text message is not valid UTF-8")) }
        return .success(.message(opcode, payload))
    }

    private static func close(_ payload: [UInt8]) -> Result<WebSocketEvent, WebSocketViolation> {
        if payload.isEmpty { return .success(.close(WebSocketClose(code: WebSocketClose.noStatusReceived))) }
        guard payload.count >= 2 else { return .failure(.protocolError("a close payload of one byte")) }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        // RFC 6455 §7.4: codes a peer may send; 1004-1006 and 1015 are never on the wire.
        guard (1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code) else {
            return .failure(.protocolError("close code \(code) is not allowed"))
        }
        let reason = Array(payload[2...])
        guard isValidUTF8(reason) else { return .failure(.invalidData("close reason is not valid UTF-8")) }
        return .success(.close(WebSocketClose(code: code, reason: String(decoding: reason, as: UTF8.self))))
    }

    /// Strict UTF-8: no overlongs, surrogates or code points past U+10FFFF.
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
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
