/// A WebSocket exchange after a valid upgrade: frames to send, and the close codes that are
/// a correct answer (an empty set: the socket must stay open and answer a clean close).
struct WSCase {
    var kind: String
    var frames: [UInt8]
    var allowedCloseCodes: Set<UInt16>
}

/// Client frames built by hand so they can break every RFC 6455 rule the server enforces.
public enum WSCaseMaker {
    public static func frame(_ first: UInt8, _ payload: [UInt8], masked: Bool = true, mask: [UInt8] = [0x11, 0x22, 0x33, 0x44]) -> [UInt8] {
        var bytes: [UInt8] = [first]
        let bit: UInt8 = masked ? 0x80 : 0
        if payload.count < 126 {
            bytes.append(bit | UInt8(payload.count))
        } else if payload.count < 65536 {
            bytes += [bit | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            bytes.append(bit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((payload.count >> shift) & 0xFF)) }
        }
        if masked {
            bytes += mask
            bytes += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        } else {
            bytes += payload
        }
        return bytes
    }

    static func make(_ rng: inout SeededGenerator) -> WSCase {
        let json = Array(rng.pick([#"{"type":"queue.subscribe","performanceId":"p1"}"#, #"{"type":"dance"}"#, "[]", "not json",
                                    #"{"type":"seats.subscribe"}"#, #"{"type":"unsubscribe","performanceId":""}"#]).utf8)
        switch Int.random(in: 0..<11, using: &rng) {
        case 0: return WSCase(kind: "ws-unmasked", frames: frame(0x81, json, masked: false), allowedCloseCodes: [1002])
        case 1: return WSCase(kind: "ws-reserved-bits", frames: frame(0x81 | UInt8(0x10 << Int.random(in: 0...2, using: &rng)), json), allowedCloseCodes: [1002])
        case 2: return WSCase(kind: "ws-bad-opcode", frames: frame(0x80 | rng.pick([3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF]), json), allowedCloseCodes: [1002])
        case 3: return WSCase(kind: "ws-fragmented-control", frames: frame(rng.pick([0x09, 0x08, 0x0A]), [1, 2]), allowedCloseCodes: [1002])
        case 4: return WSCase(kind: "ws-long-control", frames: frame(0x89, [UInt8](repeating: 1, count: Int.random(in: 126...300, using: &rng))), allowedCloseCodes: [1002])
        case 5:
            var text = json
            text.insert(contentsOf: rng.pick([[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80]]), at: Int.random(in: 0...text.count, using: &rng))
            return WSCase(kind: "ws-invalid-utf8", frames: frame(0x81, text), allowedCloseCodes: [1007])
        case 6:
            // The header declares the size; 1 KiB of payload follows. The server must refuse the
            // frame from its header, without waiting for bytes that never come.
            let size = Int.random(in: (256 * 1024 + 1)...(1 << 20), using: &rng)
            var header: [UInt8] = [0x82, 0x80 | 127]
            for shift in stride(from: 56, through: 0, by: -8) { header.append(UInt8((size >> shift) & 0xFF)) }
            return WSCase(kind: "ws-oversize", frames: header + [1, 2, 3, 4] + [UInt8](repeating: 0x61, count: 1024),
                          allowedCloseCodes: [1009])
        case 7:
            // A text message split across fragments with a ping in the middle: valid.
            let cut = Int.random(in: 1..<json.count, using: &rng)
            let frames = frame(0x01, Array(json[0..<cut])) + frame(0x89, [7]) + frame(0x80, Array(json[cut...]))
            return WSCase(kind: "ws-fragmented-valid", frames: frames, allowedCloseCodes: [])
        case 8: return WSCase(kind: "ws-orphan-continuation", frames: frame(0x80, json), allowedCloseCodes: [1002])
        case 9:
            let count = Int.random(in: 1...40, using: &rng)
            return WSCase(kind: "ws-valid-burst", frames: (0..<count).flatMap { _ in frame(0x81, json) + frame(0x89, []) }, allowedCloseCodes: [])
        default:
            return WSCase(kind: "ws-random-bytes", frames: rng.bytes(Int.random(in: 2...200, using: &rng)), allowedCloseCodes: [1002, 1007, 1009])
        }
    }
}
