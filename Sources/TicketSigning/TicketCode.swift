import Foundation

/// What a ticket code carries: `{"t": ticketId, "p": performanceId, "s": seatId, "v": version}`.
public struct TicketClaims: Sendable, Equatable, Codable {
    public var ticketId: String
    public var performanceId: String
    public var seatId: String
    public var version: Int

    enum CodingKeys: String, CodingKey {
        case ticketId = "t", performanceId = "p", seatId = "s", version = "v"
    }

    public init(ticketId: String, performanceId: String, seatId: String, version: Int) {
        self.ticketId = ticketId
        self.performanceId = performanceId
        self.seatId = seatId
        self.version = version
    }

    /// Compact JSON in the documented key order (docs/TICKETS.md), so codes read the same everywhere.
    var compactJSON: String {
        "{\"t\":\(Self.quoted(ticketId)),\"p\":\(Self.quoted(performanceId)),\"s\":\(Self.quoted(seatId)),\"v\":\(version)}"
    }

    private static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// `QT1.<payload>.<signature>`: a ticket the door can check without the server.
public enum TicketCode {
    public static let prefix = "QT1"
    /// Longer input is refused before any decoding: a scanner or a hostile client cannot make the
    /// server parse megabytes (real codes are about 190 characters).
    public static let maxLength = 1_024

    public enum Problem: Error, Sendable, Equatable {
        case malformed
        case badSignature
    }

    /// The code for `claims`, signed with the performance's private key.
    public static func make(_ claims: TicketClaims, privateKey: [UInt8]) -> String {
        let signed = prefix + "." + Base64URL.encode(Array(claims.compactJSON.utf8))
        return signed + "." + Base64URL.encode(Ed25519.sign(Array(signed.utf8), privateKey: privateKey))
    }

    /// The claims of a well-formed code, without checking the signature (the caller needs `p` to
    /// find the key to check it with).
    public static func parse(_ code: String) throws(Problem) -> (claims: TicketClaims, signed: [UInt8], signature: [UInt8]) {
        let code = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard code.utf8.count <= maxLength else { throw .malformed }
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == prefix,
              let payload = Base64URL.decode(parts[1]), let signature = Base64URL.decode(parts[2]),
              signature.count == Ed25519.signatureLength,
              let claims = try? JSONDecoder().decode(TicketClaims.self, from: Data(payload)),
              !claims.ticketId.isEmpty, !claims.performanceId.isEmpty, claims.version > 0 else { throw .malformed }
        return (claims, Array((parts[0] + "." + parts[1]).utf8), signature)
    }

    /// The claims of a code whose signature `publicKey` accepts.
    public static func verify(_ code: String, publicKey: [UInt8]) throws(Problem) -> TicketClaims {
        let parsed = try parse(code)
        guard Ed25519.verify(parsed.signature, of: parsed.signed, publicKey: publicKey) else { throw .badSignature }
        return parsed.claims
    }
}

/// URL-safe base64 without padding (RFC 4648 §5); decoding refuses padding and foreign characters.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
              text.count % 4 != 1 else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map(Array.init)
    }
}
