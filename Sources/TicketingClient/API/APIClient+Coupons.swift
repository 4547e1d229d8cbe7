import TicketingProtocol

/// The coupon endpoints of docs/API.md.
extension APIClient {
    public func createCoupon(_ request: CreateCouponRequest) async throws -> CouponDTO {
        try await post("/v1/coupons", body: request)
    }

    /// Every coupon, or those that can discount `performanceId`, with live `remaining`.
    public func coupons(performanceId: String? = nil) async throws -> CouponList {
        try await get("/v1/coupons" + (performanceId.map { "?performanceId=\(segment($0))" } ?? ""))
    }

    /// 202 with `issued` or `pending`; throws `APIError` 409 `sold_out` / `already_claimed`.
    public func claimCoupon(_ couponId: String) async throws -> ClaimCouponResponse {
        try await post("/v1/coupons/\(segment(couponId))/claim")
    }

    public func myCoupons() async throws -> UserCouponList {
        try await get("/v1/me/coupons")
    }
}
