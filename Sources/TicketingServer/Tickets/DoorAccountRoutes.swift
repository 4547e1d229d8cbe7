import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// `POST /v1/door-accounts` and `GET /v1/door-accounts`: a seller's logins for its doors.
/// A door account logs in like anyone else and may only scan and read that seller's doors.
struct DoorAccountRoutes {
    let ctx: ServerContext

    func register(into router: inout Router) {
        router.add(.POST, "/v1/door-accounts", create)
        router.add(.GET, "/v1/door-accounts", list)
    }

    @Sendable func create(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        guard principal.role == .seller else { throw APIFailure.forbidden("only sellers may create door accounts") }
        let body = try await req.decode(CreateDoorAccountRequest.self)
        let email = body.email.trimmingCharacters(in: .whitespaces).lowercased()
        let name = (body.name ?? "Door").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [Problem] = []
        if !AccountRoutes.looksLikeEmail(email) { problems.append(Problem(.emailFormat)) }
        if body.password.count < 8 { problems.append(Problem(.passwordTooShort)) }
        if body.password.utf8.count > 1024 { problems.append(Problem(.passwordTooLong)) }
        if name.isEmpty || name.count > 100 { problems.append(Problem(.userNameLength)) }
        guard problems.isEmpty else { throw APIFailure.badRequest(problems) }
        let user = UserRecord(id: IDs.make("usr"), email: email, name: name, role: .door,
                              passwordHash: await ctx.hasher.hash(body.password), createdAt: ctx.clock.now())
        do {
            try await ctx.storage.createDoorAccount(user, sellerId: principal.userId)
        } catch StorageError.duplicate {
            throw APIFailure.conflict(.emailTaken, "an account with this email already exists")
        }
        return .json(.created, DoorAccountDTO(user: AccountRoutes.dto(user), sellerId: principal.userId))
    }

    @Sendable func list(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        guard principal.role == .seller else { throw APIFailure.forbidden("only sellers have door accounts") }
        let users = try await ctx.storage.doorAccounts(sellerId: principal.userId)
        return .json(.ok, DoorAccountList(doorAccounts: users.map {
            DoorAccountDTO(user: AccountRoutes.dto($0), sellerId: principal.userId)
        }))
    }
}
