import COpenSSL
import Foundation

/// Ed25519 through OpenSSL's EVP interface: key generation, signing and verification over raw
/// 32-byte keys (RFC 8032), so keys can be stored and served as plain bytes.
public enum Ed25519 {
    public static let keyLength = 32
    public static let signatureLength = 64

    public struct KeyPair: Sendable, Equatable {
        /// The 32-byte seed (OpenSSL's "raw private key"). Never logged or served.
        public var privateKey: [UInt8]
        public var publicKey: [UInt8]

        public init(privateKey: [UInt8], publicKey: [UInt8]) {
            self.privateKey = privateKey
            self.publicKey = publicKey
        }
    }

    public static func generate() -> KeyPair {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else { fatalError("OpenSSL lacks Ed25519") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &key) == 1, let key else {
            fatalError("OpenSSL failed to generate an Ed25519 key")
        }
        defer { EVP_PKEY_free(key) }
        return KeyPair(privateKey: raw(key, EVP_PKEY_get_raw_private_key), publicKey: raw(key, EVP_PKEY_get_raw_public_key))
    }

    /// The public half of a stored private key.
    public static func publicKey(privateKey: [UInt8]) -> [UInt8]? {
        guard let key = privateKey.withUnsafeBufferPointer({
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }) else { return nil }
        defer { EVP_PKEY_free(key) }
        return raw(key, EVP_PKEY_get_raw_public_key)
    }

    public static func sign(_ message: [UInt8], privateKey: [UInt8]) -> [UInt8] {
        guard let key = privateKey.withUnsafeBufferPointer({
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }) else { fatalError("not an Ed25519 private key") }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL out of memory") }
        defer { EVP_MD_CTX_free(context) }
        var signature = [UInt8](repeating: 0, count: signatureLength)
        var length = signatureLength
        // Ed25519 hashes internally: no digest is named, and the one-shot call is the only one allowed.
        let ok = EVP_DigestSignInit(context, nil, nil, nil, key) == 1 && message.withUnsafeBufferPointer { msg in
            signature.withUnsafeMutableBufferPointer { out in
                EVP_DigestSign(context, out.baseAddress, &length, msg.baseAddress, msg.count) == 1
            }
        }
        precondition(ok && length == signatureLength, "OpenSSL failed to sign with Ed25519")
        return signature
    }

    public static func verify(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureLength, publicKey.count == keyLength,
              let key = publicKey.withUnsafeBufferPointer({
                  EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
              }) else { return false }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else { return false }
        return message.withUnsafeBufferPointer { msg in
            signature.withUnsafeBufferPointer { sig in
                EVP_DigestVerify(context, sig.baseAddress, sig.count, msg.baseAddress, msg.count) == 1
            }
        }
    }

    private static func raw(_ key: OpaquePointer,
                            _ read: (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int>?) -> Int32)
        -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: keyLength)
        var length = keyLength
        let ok = bytes.withUnsafeMutableBufferPointer { read(key, $0.baseAddress, &length) }
        precondition(ok == 1 && length == keyLength, "OpenSSL failed to export an Ed25519 key")
        return bytes
    }
}
