import Foundation

/// `queue.status` goes to every waiting buyer on every push interval, each with its own
/// numbers, so a wave cannot share one encoding. These are the bytes `WireJSON.encode` writes
/// (sorted keys, nil fields left out, slashes unescaped) without `JSONEncoder`'s boxing and a
/// new encoder per message, which were most of a wave's cost (BENCHMARKS.md).
extension QueueStatusPush {
    public var wireJSON: Data {
        var out: [UInt8] = []
        out.reserveCapacity(112 + performanceId.utf8.count + state.utf8.count)
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: "\":".utf8)
        }
        if let ahead { key("ahead"); out.append(contentsOf: String(ahead).utf8) }
        if let etaSeconds { key("etaSeconds"); out.append(contentsOf: String(etaSeconds).utf8) }
        key("mayMissOut"); out.append(contentsOf: (mayMissOut ? "true" : "false").utf8)
        key("performanceId"); WireBytes.appendString(performanceId, to: &out)
        if let position { key("position"); out.append(contentsOf: String(position).utf8) }
        key("state"); WireBytes.appendString(state, to: &out)
        key("type"); WireBytes.appendString(type, to: &out)
        out.append(UInt8(ascii: "}"))
        return Data(out)
    }
}

/// JSON text pieces written by hand, escaped as `JSONEncoder` escapes them.
enum WireBytes {
    private static let hex = Array("0123456789abcdef".utf8)

    static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
