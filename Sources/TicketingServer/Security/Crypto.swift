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

    /// Comparison whose time does not depend on where the inputs differ (no signature oracle).
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 }
        }
    }
}

public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        return Data(base64Encoded: base).map(Array.init)
    }
}
