import Foundation
import TicketingDomain
import TicketingStorage

/// Who is calling, as proven by a bearer token.
struct Principal: Sendable, Equatable {
    var userId: String
    var role: Role

    /// 403 unless the caller has one of `roles`; admins pass every role check.
    func require(_ roles: Role..., action: String) throws {
        guard role == .admin || roles.contains(role) else {
            throw APIFailure.forbidden("only \(roles.map(\.rawValue).joined(separator: " or ")) accounts may \(action)")
        }
    }
}

struct Authenticator: Sendable {
    let signer: TokenSigner
    let ttl: TimeInterval
    let clock: WallClock
    let verified: VerifiedTokens

    init(signer: TokenSigner, ttl: TimeInterval, clock: WallClock, verified: VerifiedTokens = VerifiedTokens()) {
        self.signer = signer
        self.ttl = ttl
        self.clock = clock
        self.verified = verified
    }

    func issueToken(for user: UserRecord) -> String {
        let expiry = clock.now().addingTimeInterval(ttl)
        return signer.sign(AccessClaims(sub: user.id, role: user.role.rawValue,
                                        exp: Int(expiry.timeIntervalSince1970)))
    }

    func principal(token: String) -> Principal? {
        let known: VerifiedTokens.Claims
        if let cached = verified.claims(of: token) {
            known = cached
        } else {
            guard let payload = signer.verifiedPayload(token),
                  let claims = AccessClaims(signedPayload: payload)
                    ?? (try? JSONDecoder().decode(AccessClaims.self, from: Data(payload))),
                  claims.kind == "access",
                  let role = Role(rawValue: claims.role) else { return nil }
            known = VerifiedTokens.Claims(userId: claims.sub, role: role, expiry: claims.exp)
            verified.remember(token, known)
        }
        guard Double(known.expiry) > clock.now().timeIntervalSince1970 else { return nil }
        return Principal(userId: known.userId, role: known.role)
    }

    /// Bearer header first; `?token=` as well because browsers cannot set headers on WebSockets.
    func principal(_ context: RequestContext, allowQueryToken: Bool = false) throws -> Principal {
        var token: String?
        if let header = context.header("Authorization") {
            if let bearer = Self.plainBearer(header) {
                token = bearer
            } else {
                // Plain Swift string work: the NSString bridging of caseInsensitiveCompare and
                // trimmingCharacters cost more than the HMAC check itself (BENCHMARKS.md).
                let parts = header.split(separator: " ", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "bearer" {
                    var value = parts[1]
                    while let first = value.first, first == " " || first == "\t" { value = value.dropFirst() }
                    while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
                    token = String(value)
                }
            }
        }
        if token == nil, allowQueryToken { token = context.query("token") }
        guard let token, let principal = principal(token: token) else { throw APIFailure.unauthorized }
        return principal
    }
}

extension Authenticator {
    /// The token of `Bearer <token>` (scheme in any case, one space, no surrounding blanks) read
    /// from the bytes; nil for any other shape, which the general parse above then reads.
    static func plainBearer(_ header: String) -> String? {
        let bytes = header.utf8
        guard bytes.count > 7 else { return nil }
        var index = bytes.startIndex
        for expected in "bearer".utf8 {
            guard bytes[index] | 0x20 == expected else { return nil }
            index = bytes.index(after: index)
        }
        guard bytes[index] == UInt8(ascii: " ") else { return nil }
        let rest = header[bytes.index(after: index)...]
        guard let first = rest.utf8.first, let last = rest.utf8.last,
              first != UInt8(ascii: " "), first != UInt8(ascii: "\t"),
              last != UInt8(ascii: " "), last != UInt8(ascii: "\t") else { return nil }
        return String(rest)
    }
}

enum IDs {
    /// Opaque ids: a readable prefix and 80 random bits (collision-free for any realistic volume).
    static func make(_ prefix: String) -> String {
        prefix + "_" + Crypto.hex(Crypto.randomBytes(10))
    }
}
