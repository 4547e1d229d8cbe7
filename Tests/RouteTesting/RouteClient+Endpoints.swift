import Foundation
import TicketingProtocol

/// `APIClient`'s typed calls, so a suite moves between sockets and in-process by its fixture.
extension RouteClient {
    public func me() async throws -> MeResponse { try await get("/v1/me") }

    public func createVenue(_ request: CreateVenueRequest) async throws -> VenueDTO {
        try await post("/v1/venues", body: request)
    }

    public func createPerformance(_ request: CreatePerformanceRequest) async throws -> PerformanceDTO {
        try await post("/v1/performances", body: request)
    }

    public func performances() async throws -> PerformanceList { try await get("/v1/performances") }

    public func seats(_ performanceId: String) async throws -> SeatsResponse {
        try await get("/v1/performances/\(Self.segment(performanceId))/seats")
    }

    public func createCoupon(_ request: CreateCouponRequest) async throws -> CouponDTO {
        try await post("/v1/coupons", body: request)
    }

    public func coupons(performanceId: String? = nil) async throws -> CouponList {
        try await get("/v1/coupons" + (performanceId.map { "?performanceId=\(Self.segment($0))" } ?? ""))
    }

    public func claimCoupon(_ couponId: String) async throws -> ClaimCouponResponse {
        try await post("/v1/coupons/\(Self.segment(couponId))/claim")
    }

    public func myCoupons() async throws -> UserCouponList { try await get("/v1/me/coupons") }

    static func segment(_ id: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }
}
