import TicketingProtocol

/// Tickets, check-in and door accounts (docs/TICKETS.md).
extension APIClient {
    public func myTickets() async throws -> TicketList {
        try await get("/v1/me/tickets")
    }

    public func checkinKey(performanceId: String) async throws -> CheckinKeyDTO {
        try await get("/v1/performances/\(segment(performanceId))/checkin-key")
    }

    /// 200 on entry; throws `APIError` 409 `already_checked_in`, 410 `ticket_revoked`,
    /// 422 `invalid_ticket_code` or 403.
    public func checkIn(_ request: CheckinRequest) async throws -> CheckinDTO {
        try await post("/v1/checkins", body: request)
    }

    public func checkInBatch(_ request: CheckinBatchRequest) async throws -> CheckinBatchResponse {
        try await post("/v1/checkins/batch", body: request)
    }

    public func checkinList(performanceId: String) async throws -> CheckinListDTO {
        try await get("/v1/performances/\(segment(performanceId))/checkin-list")
    }

    public func checkinSummary(performanceId: String) async throws -> CheckinSummaryDTO {
        try await get("/v1/seller/performances/\(segment(performanceId))/checkins")
    }

    public func createDoorAccount(_ request: CreateDoorAccountRequest) async throws -> DoorAccountDTO {
        try await post("/v1/door-accounts", body: request)
    }
}
