import Foundation

enum WebSocketOpcode: UInt8, Sendable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    var isControl: Bool { rawValue & 0x8 != 0 }
}

struct WebSocketFrame: Sendable, Equatable {
    var fin: Bool
    var opcode: WebSocketOpcode
    var payload: [UInt8]

    /// The frame as a client must send it: masked with `mask` (RFC 6455 §5.3).
    func encoded(mask: [UInt8]) -> Data {
        precondition(mask.count == 4)
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode.rawValue]
        let count = payload.count
        if count < 126 {
            bytes.append(0x80 | UInt8(count))
        } else if count <= Int(UInt16.max) {
            bytes.append(0x80 | 126)
            bytes += [UInt8(count >> 8), UInt8(truncatingIfNeeded: count)]
        } else {
            bytes.append(0x80 | 127)
            bytes += stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: count >> $0) }
        }
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

    static func close(_ close: WebSocketClose) -> WebSocketFrame {
        // A control payload holds 125 bytes: 2 for the code, the rest for whole characters of reason.
        var reason: [UInt8] = []
        for character in close.reason {
            let bytes = Array(character.utf8)
            guard reason.count + bytes.count <= 123 else { break }
            reason += bytes
        }
        return WebSocketFrame(fin: true, opcode: .close, payload: [UInt8(close.code >> 8), UInt8(close.code & 0xFF)] + reason)
    }
}

/// A server frame that breaks RFC 6455: the client answers with a close frame carrying `code`.
struct ProtocolViolation: Error, Equatable {
    var code: UInt16
    var reason: String

    init(_ reason: String) {
        self.init(code: WebSocketClose.protocolError, reason)
    }

    init(code: UInt16, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}

enum WebSocketFrameDecoder {
    /// Reads one server frame, refusing anything this client did not negotiate or cannot accept.
    /// `maxPayload` is what the message being assembled may still grow by.
    static func next(from reader: inout ByteReader, maxPayload: Int) async throws -> WebSocketFrame {
        let head = try await reader.read(exactly: 2)
        guard head[0] & 0x70 == 0 else { throw ProtocolViolation("reserved bits set without an extension") }
        guard let opcode = WebSocketOpcode(rawValue: head[0] & 0x0F) else {
            throw ProtocolViolation("unknown opcode \(head[0] & 0x0F)")
        }
        let fin = head[0] & 0x80 != 0
        guard head[1] & 0x80 == 0 else { throw ProtocolViolation("masked frame from the server") }
        var length = Int(head[1] & 0x7F)
        if opcode.isControl {
            guard fin else { throw ProtocolViolation("fragmented control frame") }
            guard length <= 125 else { throw ProtocolViolation("control frame longer than 125 bytes") }
        }
        if length == 126 {
            let bytes = try await reader.read(exactly: 2)
            length = Int(bytes[0]) << 8 | Int(bytes[1])
        } else if length == 127 {
            let bytes = try await reader.read(exactly: 8)
            guard bytes[0] & 0x80 == 0 else { throw ProtocolViolation("64-bit length with the top bit set") }
            let wide = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard wide <= UInt64(maxPayload) else { throw messageTooBig(maxPayload) }
            length = Int(wide)
        }
        guard opcode.isControl || length <= maxPayload else { throw messageTooBig(maxPayload) }
        return WebSocketFrame(fin: fin, opcode: opcode, payload: try await reader.read(exactly: length))
    }

    private static func messageTooBig(_ limit: Int) -> ProtocolViolation {
        ProtocolViolation(code: WebSocketClose.messageTooBig, "message larger than the \(limit) bytes still allowed")
    }

    /// The status and reason of a received close frame.
    static func parseClose(_ payload: [UInt8]) throws -> WebSocketClose {
        if payload.isEmpty { return WebSocketClose(code: WebSocketClose.noStatusReceived) }
        guard payload.count >= 2 else { throw ProtocolViolation("close frame with a 1-byte status") }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        guard isValidReceivedCloseCode(code) else { throw ProtocolViolation("close status \(code) is not allowed") }
        guard let reason = decodeUTF8(Array(payload[2...])) else {
            throw ProtocolViolation(code: WebSocketClose.invalidPayload, "close reason is not UTF-8")
        }
        return WebSocketClose(code: code, reason: reason)
    }

    /// RFC 6455 §7.4 and the IANA registry: 1004-1006 and 1015 are never sent on the wire.
    private static func isValidReceivedCloseCode(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }
}

/// Assembles data frames into messages: continuation frames join the message in progress;
/// control frames never reach here, so they may arrive between fragments.
struct MessageAssembler {
    let maxMessageSize: Int
    private var opcode: WebSocketOpcode?
    private var parts: [UInt8] = []

    init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    var remainingBudget: Int { maxMessageSize - parts.count }

    mutating func add(_ frame: WebSocketFrame) throws -> WebSocketMessage? {
        switch frame.opcode {
        case .text, .binary:
            guard opcode == nil else { throw ProtocolViolation("new message before the last one's final fragment") }
            if frame.fin { return try Self.message(frame.opcode, frame.payload) }
            opcode = frame.opcode
            parts = frame.payload
            return nil
        case .continuation:
            guard let current = opcode else { throw ProtocolViolation("continuation frame without a message") }
            parts += frame.payload
            guard frame.fin else { return nil }
            defer {
                opcode = nil
                parts = []
            }
            return try Self.message(current, parts)
        case .close, .ping, .pong:
            preconditionFailure("control frames are handled by the reader")
        }
    }

    private static func message(_ opcode: WebSocketOpcode, _ payload: [UInt8]) throws -> WebSocketMessage {
        guard opcode == .text else { return .data(Data(payload)) }
        guard let text = decodeUTF8(payload) else {
            throw ProtocolViolation(code: WebSocketClose.invalidPayload, "text message is not valid UTF-8")
        }
        return .text(text)
    }
}

/// Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF), nil when invalid.
func decodeUTF8(_ bytes: [UInt8]) -> String? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue: continue
        case .emptyInput: return String(decoding: bytes, as: UTF8.self)
        case .error: return nil
        }
    }
}
