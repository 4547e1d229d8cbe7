import Foundation
import TicketingProtocol

/// Compact signed tokens: `base64url(JSON claims).base64url(HMAC-SHA256)`.
/// The `kind` claim keeps an access token from being accepted as an admission token and vice versa.
public struct TokenSigner: Sendable {
    private let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    /// Made once: a token is signed on every admission and checked on every hold.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
    private static let decoder = JSONDecoder()

    public func sign<Claims: Encodable>(_ claims: Claims) -> String {
        // Encoding plain structs of strings and numbers cannot fail.
        sign(json: (try? Self.encoder.encode(claims)) ?? Data())
    }

    /// `JSONEncoder`'s bytes with sorted keys, but for `/`, which it escapes (TokenSignerTests:
    /// either form verifies), written by hand: `JSONEncoder` was most of an admission's signing
    /// (BENCHMARKS.md, "fifteenth session").
    public func sign<Claims: WireWritable>(_ claims: Claims) -> String {
        sign(json: claims.wireJSON)
    }

    private func sign(json: Data) -> String {
        let payload = Base64URL.encode(Array(json))
        let signature = Crypto.hmacSHA256(key: key, message: Array(payload.utf8))
        return payload + "." + Base64URL.encode(signature)
    }

    /// Returns the claims only when the signature is ours; expiry is checked by the caller,
    /// which owns the clock.
    public func verify<Claims: Decodable>(_ token: String, as type: Claims.Type) -> Claims? {
        guard let payload = verifiedPayload(token) else { return nil }
        return try? Self.decoder.decode(type, from: Data(payload))
    }

    /// The claims' JSON when the token is `payload.signature` and the signature is ours.
    func verifiedPayload(_ token: String) -> [UInt8]? {
        let utf8 = token.utf8
        guard let dot = utf8.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let encodedPayload = utf8[..<dot]
        let encodedSignature = utf8[utf8.index(after: dot)...]
        guard !encodedSignature.contains(UInt8(ascii: ".")),
              let signature = Base64URL.decode(Substring(encodedSignature)),
              let payload = Base64URL.decode(Substring(encodedPayload)) else { return nil }
        let expected = Crypto.hmacSHA256(key: key, message: Array(encodedPayload))
        guard Crypto.constantTimeEquals(signature, expected) else { return nil }
        return payload
    }
}

/// Claims of a bearer (access) token.
public struct AccessClaims: Codable, Sendable, Equatable, WireWritable {
    public var kind: String = "access"
    public var sub: String
    public var role: String
    /// Expiry, seconds since 1970.
    public var exp: Int

    public init(sub: String, role: String, exp: Int) {
        self.sub = sub
        self.role = role
        self.exp = exp
    }

    public func write(to object: inout WireObject) {
        object.field("exp", exp)
        object.field("kind", kind)
        object.field("role", role)
        object.field("sub", sub)
    }
}
