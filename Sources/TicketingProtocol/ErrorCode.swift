import Foundation

/// The closed set of error codes that cross the wire; the raw values are stable API.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case methodNotAllowed = "method_not_allowed"
    case emailTaken = "email_taken"
    case invalidCredentials = "invalid_credentials"
    case rateLimited = "rate_limited"
    case payloadTooLarge = "payload_too_large"
    case saleNotOpen = "sale_not_open"
    case admissionRequired = "admission_required"
    case seatUnavailable = "seat_unavailable"
    case tooManySeats = "too_many_seats"
    case holdExpired = "hold_expired"
    case soldOut = "sold_out"
    case alreadyClaimed = "already_claimed"
    case couponNotApplicable = "coupon_not_applicable"
    case orderState = "order_state"
    /// A settlement statement is not in the state the action needs (e.g. paying an open one).
    case settlementState = "settlement_state"
    case paymentDeclined = "payment_declined"
    case paymentFailed = "payment_failed"
    case idempotencyKeyReused = "idempotency_key_reused"
    /// Tickets at the door (docs/TICKETS.md).
    case alreadyCheckedIn = "already_checked_in"
    case ticketRevoked = "ticket_revoked"
    case invalidTicketCode = "invalid_ticket_code"
    case validationFailed = "validation_failed"
    case internalError = "internal"
    /// Transport refusals (the request never reached a route).
    case uriTooLong = "uri_too_long"
    case headersTooLarge = "headers_too_large"
    case requestTimeout = "request_timeout"
    case notImplemented = "not_implemented"
    case overloaded
    /// A backend the request needs (PostgreSQL, Redis) is unreachable; retry after `Retry-After`.
    case serviceUnavailable = "service_unavailable"
}

public struct ErrorEnvelope: Codable, Sendable, Equatable {
    public var error: ErrorBody
    public init(error: ErrorBody) { self.error = error }
}

public struct ErrorBody: Codable, Sendable, Equatable {
    public var code: String
    public var message: String
    public var unavailable: [String]?
    public var problems: [String]?
    /// `problems` again, one entry each, with stable codes and parameters a client words itself.
    public var problemDetails: [ProblemDetail]?
    /// `already_checked_in`: when and where the ticket entered.
    public var checkedInAt: Date?
    public var gate: String?
    /// On a best-available `seat_unavailable`: what each grade still offers this buyer.
    public var remaining: [GradeRemainingDTO]?
    /// `already_claimed`: the coupon the buyer already holds from it (a retried claim whose first
    /// answer was lost learns it won).
    public var userCouponId: String?

    public init(code: ErrorCode, message: String, unavailable: [String]? = nil, problems: [String]? = nil,
                problemDetails: [ProblemDetail]? = nil, checkedInAt: Date? = nil, gate: String? = nil,
                remaining: [GradeRemainingDTO]? = nil) {
        self.code = code.rawValue
        self.message = message
        self.unavailable = unavailable
        self.problems = problems
        self.problemDetails = problemDetails
        self.checkedInAt = checkedInAt
        self.gate = gate
        self.remaining = remaining
    }
}
