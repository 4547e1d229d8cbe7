import Foundation
import TicketingProtocol

/// Claims of an admission token: this buyer may hold seats of this performance until `exp`.
struct AdmissionClaims: Codable, Sendable, Equatable, WireWritable {
    var kind = "admission"
    var perf: String
    var sub: String
    var exp: Int

    func write(to object: inout WireObject) {
        object.field("exp", exp)
        object.field("kind", kind)
        object.field("perf", perf)
        object.field("sub", sub)
    }
}

/// Signed with the server secret like access tokens; the `kind` claim keeps the two apart.
struct AdmissionTokens: Sendable {
    let signer: TokenSigner

    func issue(performanceId: String, userId: String, expiresAt: Date) -> String {
        signer.sign(AdmissionClaims(perf: performanceId, sub: userId, exp: Int(expiresAt.timeIntervalSince1970)))
    }

    /// Valid for its buyer and performance, any number of times, until it expires.
    func isValid(_ token: String?, performanceId: String, userId: String, now: Date) -> Bool {
        guard let token, let claims = signer.verify(token, as: AdmissionClaims.self) else { return false }
        return claims.kind == "admission" && claims.perf == performanceId && claims.sub == userId
            && Double(claims.exp) > now.timeIntervalSince1970
    }
}
