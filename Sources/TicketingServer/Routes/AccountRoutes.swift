import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// `POST /v1/auth/signup`, `POST /v1/auth/login`, `GET /v1/me`.
struct AccountRoutes {
    let ctx: ServerContext

    func register(into router: inout Router) {
        router.add(.POST, "/v1/auth/signup", signup)
        router.add(.POST, "/v1/auth/login", login)
        router.add(.GET, "/v1/me", me)
    }

    /// Limited per address (`RateLimits.perAddressSignup`) before any hashing is spent.
    @Sendable func signup(_ req: RequestContext) async throws -> HTTPResponse {
        try await ctx.limiter.check(req.clientAddress, limit: .perAddressSignup)
        let body = try await req.decode(SignupRequest.self)
        let email = body.email.trimmingCharacters(in: .whitespaces).lowercased()
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [Problem] = []
        if !Self.looksLikeEmail(email) { problems.append(Problem(.emailFormat)) }
        // Lengths in code points of the text as sent, as docs/openapi.yaml's minLength/maxLength count.
        if body.password.unicodeScalars.count < 8 { problems.append(Problem(.passwordTooShort)) }
        if body.password.utf8.count > 1024 { problems.append(Problem(.passwordTooLong)) }
        if name.isEmpty || body.name.unicodeScalars.count > 100 { problems.append(Problem(.userNameLength)) }
        let role = Role(rawValue: body.role)
        if role == nil || role == .admin || role == .door { problems.append(Problem(.roleChoice)) }
        guard problems.isEmpty, let role else { throw APIFailure.badRequest(problems) }
        if try await ctx.storage.user(email: email) != nil {
            throw APIFailure.conflict(.emailTaken, "an account with this email already exists")
        }
        let user = UserRecord(id: IDs.make("usr"), email: email, name: name, role: role,
                              passwordHash: await ctx.hasher.hash(body.password), createdAt: ctx.clock.now())
        do {
            try await ctx.storage.createUser(user)
        } catch StorageError.duplicate {
            throw APIFailure.conflict(.emailTaken, "an account with this email already exists")
        }
        return .json(.created, AuthResponse(user: Self.dto(user), token: ctx.auth.issueToken(for: user)))
    }

    /// Limited per address and per email tried, and locked for an email after a run of wrong
    /// passwords (`RateLimits.loginLockout`): all answer 429 `rate_limited` with `Retry-After`.
    @Sendable func login(_ req: RequestContext) async throws -> HTTPResponse {
        try await ctx.limiter.check(req.clientAddress, limit: .perAddressLogin)
        let body = try await req.decode(LoginRequest.self)
        let email = body.email.trimmingCharacters(in: .whitespaces).lowercased()
        try await ctx.lockout.checkAllowed(email)
        try await ctx.limiter.check(email, limit: .perAccountLogin)
        let invalid = APIFailure(.unauthorized, .invalidCredentials, "email or password is wrong")
        guard body.password.utf8.count <= 1024, let user = try await ctx.storage.user(email: email) else {
            // Hash anyway so an unknown email costs the same time as a wrong password.
            _ = await ctx.hasher.hash(body.password)
            await ctx.lockout.recordFailure(email)
            throw invalid
        }
        guard await ctx.hasher.verify(body.password, against: user.passwordHash) else {
            await ctx.lockout.recordFailure(email)
            throw invalid
        }
        await ctx.lockout.recordSuccess(email)
        return .json(.ok, AuthResponse(user: Self.dto(user), token: ctx.auth.issueToken(for: user)))
    }

    @Sendable func me(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        guard let user = try await ctx.storage.user(id: principal.userId) else { throw APIFailure.unauthorized }
        return .json(.ok, MeResponse(user: Self.dto(user)))
    }

    static func dto(_ user: UserRecord) -> UserDTO {
        UserDTO(id: user.id, email: user.email, name: user.name, role: user.role.rawValue)
    }

    static func looksLikeEmail(_ email: String) -> Bool {
        guard email.count <= 254, !email.contains(where: \.isWhitespace) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}
