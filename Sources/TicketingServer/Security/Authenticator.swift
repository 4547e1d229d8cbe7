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

    func issueToken(for user: UserRecord) -> String {
        let expiry = clock.now().addingTimeInterval(ttl)
        return signer.sign(AccessClaims(sub: user.id, role: user.role.rawValue,
                                        exp: Int(expiry.timeIntervalSince1970)))
    }

    func principal(token: String) -> Principal? {
        guard let payload = signer.verifiedPayload(token),
              let claims = AccessClaims(signedPayload: payload)
                ?? (try? JSONDecoder().decode(AccessClaims.self, from: Data(payload))),
              claims.kind == "access",
              let role = Role(rawValue: claims.role),
              Double(claims.exp) > clock.now().timeIntervalSince1970 else { return nil }
        return Principal(userId: claims.sub, role: role)
    }

    /// Bearer header first; `?token=` as well because browsers cannot set headers on WebSockets.
    func principal(_ context: RequestContext, allowQueryToken: Bool = false) throws -> Principal {
        var token: String?
        if let header = context.header("Authorization") {
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
        if token == nil, allowQueryToken { token = context.query("token") }
        guard let token, let principal = principal(token: token) else { throw APIFailure.unauthorized }
        return principal
    }
}

enum IDs {
    /// Opaque ids: a readable prefix and 80 random bits (collision-free for any realistic volume).
    static func make(_ prefix: String) -> String {
        prefix + "_" + Crypto.hex(Crypto.randomBytes(10))
    }
}
