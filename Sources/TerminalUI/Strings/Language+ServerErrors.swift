import TicketingProtocol

/// The server's refusals in words for the status bar, by the API's error code (docs/API.md's
/// closed set, `ErrorCode`): every code has its sentence here and in the Korean catalog, and
/// `CatalogCoverageTests` walks `ErrorCode.allCases` to keep it so. Only a code this client does not
/// know shows the server's own English.
extension Language {
    public func serverError(code: String, message: String, request: Request, retryAfter: Int? = nil,
                            body: ErrorBody? = nil) -> String {
        guard let known = ErrorCode(rawValue: code) else { return "\(message) (\(code))" }
        switch known {
        case .invalidCredentials: return text("Wrong email or password.")
        case .emailTaken: return text("That email already has an account — switch to Log in.")
        case .rateLimited: return text("Too many requests — try again in {0} s.", "\(retryAfter ?? 1)")
        case .seatUnavailable: return text("Someone was faster: those seats are taken — pick others.")
        case .admissionRequired: return text("Your turn has run out — join the waiting room again.")
        case .tooManySeats: return text("Too many seats for one order.")
        case .holdExpired: return text("The hold expired — pick seats again.")
        case .alreadyClaimed: return text("You already have this coupon.")
        case .soldOut where request == .claim: return text("This coupon is all gone.")
        case .soldOut: return text("Sold out: no seats of that kind are left.")
        case .forbidden where request == .sales || request == .settlements || request == .export:
            return text("Only the performance's seller can see its figures.")
        case .forbidden: return text("Your account may not do that.")
        case .unauthorized: return text("Your session has ended — log in again.")
        case .orderState where request == .cancelOrder: return text("This order can no longer be cancelled.")
        case .orderState: return text("The order is not in a state that allows this.")
        case .settlementState: return text("The statement is not in a state that allows this.")
        case .notFound where request == .hall || request == .seats: return text("This performance is gone from the server.")
        case .notFound where request == .releaseHold: return text("That hold is gone already.")
        case .notFound: return text("Not found on the server.")
        case .paymentDeclined: return text("The card was declined.")
        case .saleNotOpen: return text("The sale has not opened yet.")
        case .couponNotApplicable: return text("That coupon does not apply to these seats.")
        case .paymentFailed: return text("The card company did not confirm the payment.")
        case .idempotencyKeyReused: return text("This retry differs from the first request — start it again.")
        case .alreadyCheckedIn: return text("This ticket has already entered.")
        case .ticketRevoked: return text("This ticket was revoked (its order was refunded).")
        case .invalidTicketCode: return text("This is not a valid ticket code.")
        case .overloaded, .internalError: return text("The server is busy — try again in a moment.")
        case .serviceUnavailable: return text("The server cannot reach its data store — try again in {0} s.", "\(retryAfter ?? 1)")
        case .requestTimeout: return text("The request took too long to arrive — try again.")
        case .payloadTooLarge, .uriTooLong, .headersTooLarge: return text("The request is too large for the server.")
        case .methodNotAllowed, .notImplemented: return text("This server does not support that request.")
        case .badRequest, .validationFailed:
            if let problems = problems(of: body) {
                return problems.count > 1 ? text("{0} (+{1} more)", problems[0], "\(problems.count - 1)") : problems[0]
            }
            // A malformed request the client itself built: the server's words are all there is.
            return self == .en ? message : text("The server refused it: {0}", message)
        }
    }
}
