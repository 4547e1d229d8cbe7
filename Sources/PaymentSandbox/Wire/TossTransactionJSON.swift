import Foundation

/// Toss' `Transaction` object: one approval or one cancel of a payment, as
/// `GET /v1/transactions` lists them (every key always written, `null` when unused).
struct TossTransactionJSON: Encodable {
    var mId: String
    var transactionKey: String
    var paymentKey: String
    var orderId: String
    var method = "카드"
    /// Set for billing (automatic) payments only.
    var customerKey: String?
    var useEscrow = false
    var receiptUrl: String
    var status: String
    var transactionAt: String
    var currency = "KRW"
    var amount: Int

    enum CodingKeys: String, CodingKey {
        case mId, transactionKey, paymentKey, orderId, method, customerKey, useEscrow, receiptUrl, status
        case transactionAt, currency, amount
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mId, forKey: .mId)
        try container.encode(transactionKey, forKey: .transactionKey)
        try container.encode(paymentKey, forKey: .paymentKey)
        try container.encode(orderId, forKey: .orderId)
        try container.encode(method, forKey: .method)
        try container.encode(customerKey, forKey: .customerKey)
        try container.encode(useEscrow, forKey: .useEscrow)
        try container.encode(receiptUrl, forKey: .receiptUrl)
        try container.encode(status, forKey: .status)
        try container.encode(transactionAt, forKey: .transactionAt)
        try container.encode(currency, forKey: .currency)
        try container.encode(amount, forKey: .amount)
    }
}
