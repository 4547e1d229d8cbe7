import COpenSSL
import Foundation

/// Thin, allocation-light wrappers over OpenSSL's libcrypto: the only place that calls it.
public enum Crypto {
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "OpenSSL RAND_bytes failed: the system has no entropy source")
        return bytes
    }

    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = key.withUnsafeBufferPointer { keyPtr in
            message.withUnsafeBufferPointer { msgPtr in
                out.withUnsafeMutableBufferPointer { outPtr in
                    HMAC(EVP_sha256(), keyPtr.baseAddress, Int32(key.count),
                         msgPtr.baseAddress, message.count, outPtr.baseAddress, &length)
                }
            }
        }
        return Array(out.prefix(Int(length)))
    }

    public static func sha256(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = message.withUnsafeBufferPointer { msg in
            out.withUnsafeMutableBufferPointer { SHA256(msg.baseAddress, message.count, $0.baseAddress) }
        }
        return out
    }

    public static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let ok = password.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { saltPtr in
                out.withUnsafeMutableBufferPointer { outPtr in
                    pw.withMemoryRebound(to: CChar.self) { pwChars in
                        PKCS5_PBKDF2_HMAC(pwChars.baseAddress, Int32(password.count),
                                          saltPtr.baseAddress, Int32(salt.count), Int32(iterations),
                                          EVP_sha256(), Int32(length), outPtr.baseAddress)
                    }
                }
            }
        }
        precondition(ok == 1, "OpenSSL PBKDF2 failed")
        return out
    }

    /// Lower-case hex, two digits a byte (`String(format:)` costs microseconds per byte on Linux).
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Comparison whose time does not depend on where the inputs differ (no signature oracle).
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 }
        }
    }
}

/// URL-safe base64 without padding (RFC 4648 §5), by table: the Foundation round trip through
/// `replacingOccurrences` was a visible share of every authenticated request (BENCHMARKS.md).
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    /// 6-bit value of each byte, 0xFF for bytes outside the alphabet ('+' and '/' are accepted too).
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        table[Int(UInt8(ascii: "+"))] = 62
        table[Int(UInt8(ascii: "/"))] = 63
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let chunk = min(3, bytes.count - index)
            var group: UInt32 = 0
            for offset in 0..<3 { group = group << 8 | (offset < chunk ? UInt32(bytes[index + offset]) : 0) }
            for position in 0...chunk { out.append(alphabet[Int(group >> UInt32(18 - 6 * position) & 0x3F)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil for characters outside the alphabet or an impossible length; up to two '=' are ignored.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var symbols = Array(text.utf8)
        for _ in 0..<2 where symbols.last == UInt8(ascii: "=") { symbols.removeLast() }
        guard symbols.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(symbols.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            let value = values[Int(symbol)]
            guard value != 0xFF else { return nil }
            accumulator = (accumulator << 6 | UInt32(value)) & 0xFFFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }
}
