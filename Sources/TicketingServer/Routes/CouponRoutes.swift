import FlyingFox
import Foundation
import TicketingDomain
import TicketingProtocol
import TicketingStorage

/// `POST /v1/coupons` (seller, admin), `GET /v1/coupons` (public),
/// `POST /v1/coupons/:id/claim` (buyer), `GET /v1/me/coupons`.
struct CouponRoutes {
    let ctx: ServerContext

    func register(into router: inout Router) {
        router.add(.POST, "/v1/coupons", create)
        router.add(.GET, "/v1/coupons", list)
        router.add(.POST, "/v1/coupons/:id/claim", claim)
        router.add(.GET, "/v1/me/coupons", mine)
    }

    @Sendable func create(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try principal.require(.seller, action: "create coupons")
        let spec = try await req.decode(CreateCouponRequest.self).spec()
        let isAdmin = principal.role == .admin
        var performance: PerformanceRecord?
        if let performanceId = spec.performanceId {
            guard let found = try await ctx.storage.performance(id: performanceId) else {
                throw APIFailure.notFound("performance")
            }
            guard found.sellerId == principal.userId || isAdmin else {
                throw APIFailure.forbidden("only the performance's seller may create coupons for it")
            }
            performance = found
        }
        let now = ctx.clock.now()
        let kind: any CouponKind
        do {
            kind = try spec.validate(grades: performance.map { Set($0.spec.grades.map(\.grade)) }, now: now)
        } catch {
            throw APIFailure.badRequest(error.details)
        }
        let coupon = Coupon(
            id: IDs.make("cpn"), name: spec.name.trimmingCharacters(in: .whitespacesAndNewlines), kind: kind,
            target: Self.target(spec: spec, sellerId: isAdmin ? nil : principal.userId),
            minSpend: spec.minSpend ?? 0, perTicket: spec.perTicket, totalQuantity: spec.totalQuantity,
            claimOpensAt: spec.claimOpensAt, expiresAt: spec.expiresAt,
            // An admin's coupon is the platform's promotion: the platform pays its discounts.
            fundedBy: isAdmin ? .platform : .seller,
            sellerId: performance?.sellerId ?? (isAdmin ? nil : principal.userId))
        let record = CouponRecord(coupon: coupon, createdBy: principal.userId, createdAt: now)
        try await ctx.coupons.create(record)
        return .json(.created, await ctx.coupons.dto(record))
    }

    /// Without a performance an admin's coupon is platform-wide; a seller's covers all of theirs.
    static func target(spec: CouponSpec, sellerId: String?) -> CouponTarget {
        if let performanceId = spec.performanceId {
            return spec.grade.map { .grade(performanceId: performanceId, grade: $0) } ?? .performance(performanceId)
        }
        return sellerId.map(CouponTarget.seller) ?? .everything
    }

    @Sendable func list(_ req: RequestContext) async throws -> HTTPResponse {
        let performanceId = req.query("performanceId").flatMap { $0.isEmpty ? nil : $0 }
        if let performanceId, try await ctx.storage.performance(id: performanceId) == nil {
            throw APIFailure.notFound("performance")
        }
        var coupons: [CouponDTO] = []
        for record in try await ctx.storage.coupons(performanceId: performanceId) {
            coupons.append(await ctx.coupons.dto(record))
        }
        return .json(.ok, CouponList(coupons: coupons))
    }

    @Sendable func claim(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        try principal.require(.buyer, action: "claim coupons")
        try await ctx.limiter.check(principal.userId, limit: .perUserClaim, address: req.clientAddress, limit: .perAddressClaim)
        try await req.requireEmptyOrObject()
        switch try await ctx.coupons.claim(couponId: req.param("id"), userId: principal.userId) {
        case .unknownCoupon:
            throw APIFailure.notFound("coupon")
        case .unknownAccount:
            throw APIFailure.unauthorized
        case .accepted(let userCouponId, let status):
            return .json(.accepted, ClaimCouponResponse(userCouponId: userCouponId, status: status))
        case .refused(.alreadyClaimed(let userCouponId)):
            var failure = APIFailure.conflict(.alreadyClaimed, "you have already claimed this coupon; see GET /v1/me/coupons")
            failure.body.userCouponId = userCouponId
            throw failure
        case .refused(.soldOut):
            throw APIFailure.conflict(.soldOut, "every coupon has been claimed")
        case .refused(.notOpenYet(let opensAt)):
            // A "try again later" state, like a sale that has not opened, not a broken request.
            throw APIFailure.conflict(.saleNotOpen, "claiming opens at \(RFC3339.format(opensAt))")
        case .refused(.expired(let at)):
            throw APIFailure.unprocessable(.couponNotApplicable, "the coupon expired at \(RFC3339.format(at))")
        case .refused(.won):
            throw APIFailure.internalError
        }
    }

    @Sendable func mine(_ req: RequestContext) async throws -> HTTPResponse {
        let principal = try ctx.auth.principal(req)
        let coupons = try await ctx.coupons.userCoupons(userId: principal.userId)
        return .json(.ok, UserCouponList(coupons: coupons.map(UserCouponDTO.init)))
    }
}
