/// A Toss error: an HTTP status plus the `{code, message}` body Toss answers with.
/// Codes and statuses follow Toss' published error table; messages are the English ones.
public struct TossError: Error, Sendable, Equatable, Codable {
    public var status: Int
    public var code: String
    public var message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case code, message }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = 0
        code = try container.decode(String.self, forKey: .code)
        message = try container.decode(String.self, forKey: .message)
    }

    static func invalidRequest(_ message: String) -> TossError {
        TossError(status: 400, code: "INVALID_REQUEST", message: message)
    }
    static let unauthorizedKey = TossError(status: 401, code: "UNAUTHORIZED_KEY",
                                           message: "Unauthorized secret key or client key.")
    static let notFoundPayment = TossError(status: 404, code: "NOT_FOUND_PAYMENT",
                                           message: "The payment does not exist.")
    static let alreadyProcessed = TossError(status: 400, code: "ALREADY_PROCESSED_PAYMENT",
                                            message: "This is a payment that has already been processed.")
    static let duplicatedOrderId = TossError(status: 400, code: "DUPLICATED_ORDER_ID",
                                             message: "The order id has already been approved or canceled.")
    static let invalidCardNumber = TossError(status: 400, code: "INVALID_CARD_NUMBER",
                                             message: "Please check the card number again.")
    static let invalidCardExpiration = TossError(status: 400, code: "INVALID_CARD_EXPIRATION",
                                                 message: "Please check the card expiration date information again.")
    static let belowMinimumAmount = TossError(status: 400, code: "BELOW_MINIMUM_AMOUNT",
                                              message: "Card payments start from 100 won.")
    static let rejectCard = TossError(status: 403, code: "REJECT_CARD_PAYMENT",
                                      message: "The card issuer declined the payment.")
    // Toss has one code for limit and balance refusals; only the message tells them apart.
    static let insufficientFunds = TossError(status: 403, code: "REJECT_CARD_PAYMENT",
                                             message: "Payment failed: limit exceeded or insufficient balance.")
    static let internalFailure = TossError(status: 500, code: "FAILED_INTERNAL_SYSTEM_PROCESSING",
                                           message: "Internal system processing failed. Please try again.")
    static let alreadyCanceled = TossError(status: 400, code: "ALREADY_CANCELED_PAYMENT",
                                           message: "The payment has already been canceled.")
    static let notCancelable = TossError(status: 403, code: "NOT_CANCELABLE_PAYMENT",
                                         message: "The payment cannot be canceled.")
    static let notCancelableAmount = TossError(status: 403, code: "NOT_CANCELABLE_AMOUNT",
                                               message: "The amount cannot be canceled: it exceeds the balance.")
    static let invalidTransactionKey = TossError(status: 400, code: "INVALID_TRANSACTION_KEY",
                                                 message: "Invalid paging key.")
    static let notFoundRoute = TossError(status: 404, code: "NOT_FOUND", message: "No such API.")
    static let idempotencyKeyReused = TossError(
        status: 422, code: "IDEMPOTENCY_KEY_REUSED",
        message: "The idempotency key was already used with a different request body.")
}
