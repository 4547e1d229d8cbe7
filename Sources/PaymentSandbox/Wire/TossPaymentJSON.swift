import Foundation

/// The Toss `Payment` object (API version 2022-11-16) for a card payment, as the real gateway
/// shapes it, so a client written against the sandbox works against Toss: every key Toss always
/// sends is written, `null` when it does not apply to a card payment (Toss' own objects carry
/// `"virtualAccount": null`, `"approvedAt": null` and the like rather than leaving keys out).
struct TossPaymentJSON: Encodable {
    struct Card: Encodable {
        var amount: Int
        var issuerCode = "4V"
        var acquirerCode = "4V"
        var number: String
        var installmentPlanMonths = 0
        var approveNo: String
        var useCardPoint = false
        var cardType = "신용"
        var ownerType = "개인"
        var acquireStatus: String
        var isInterestFree = false
        /// Who pays installment interest; Toss sends `null` for a lump-sum payment.
        var interestPayer: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(amount, forKey: .amount)
            try container.encode(issuerCode, forKey: .issuerCode)
            try container.encode(acquirerCode, forKey: .acquirerCode)
            try container.encode(number, forKey: .number)
            try container.encode(installmentPlanMonths, forKey: .installmentPlanMonths)
            try container.encode(approveNo, forKey: .approveNo)
            try container.encode(useCardPoint, forKey: .useCardPoint)
            try container.encode(cardType, forKey: .cardType)
            try container.encode(ownerType, forKey: .ownerType)
            try container.encode(acquireStatus, forKey: .acquireStatus)
            try container.encode(isInterestFree, forKey: .isInterestFree)
            try container.encode(interestPayer, forKey: .interestPayer)
        }

        enum CodingKeys: String, CodingKey {
            case amount, issuerCode, acquirerCode, number, installmentPlanMonths, approveNo, useCardPoint
            case cardType, ownerType, acquireStatus, isInterestFree, interestPayer
        }
    }

    struct Cancel: Encodable {
        var transactionKey: String
        var cancelReason: String
        var taxExemptionAmount = 0
        var canceledAt: String
        var easyPayDiscountAmount = 0
        /// A cash-receipt key; card refunds have none.
        var receiptKey: String?
        var cancelAmount: Int
        var taxFreeAmount = 0
        var refundableAmount: Int
        var cancelStatus = "DONE"
        /// Set only for asynchronous cancels, which the sandbox does not make.
        var cancelRequestId: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(transactionKey, forKey: .transactionKey)
            try container.encode(cancelReason, forKey: .cancelReason)
            try container.encode(taxExemptionAmount, forKey: .taxExemptionAmount)
            try container.encode(canceledAt, forKey: .canceledAt)
            try container.encode(easyPayDiscountAmount, forKey: .easyPayDiscountAmount)
            try container.encode(receiptKey, forKey: .receiptKey)
            try container.encode(cancelAmount, forKey: .cancelAmount)
            try container.encode(taxFreeAmount, forKey: .taxFreeAmount)
            try container.encode(refundableAmount, forKey: .refundableAmount)
            try container.encode(cancelStatus, forKey: .cancelStatus)
            try container.encode(cancelRequestId, forKey: .cancelRequestId)
        }

        enum CodingKeys: String, CodingKey {
            case transactionKey, cancelReason, taxExemptionAmount, canceledAt, easyPayDiscountAmount, receiptKey
            case cancelAmount, taxFreeAmount, refundableAmount, cancelStatus, cancelRequestId
        }
    }

    struct Failure: Encodable {
        var code: String
        var message: String
    }

    struct Link: Encodable {
        var url: String
    }

    var mId: String
    var version = "2022-11-16"
    var lastTransactionKey: String?
    var paymentKey: String
    var orderId: String
    var orderName: String
    var currency = "KRW"
    var method = "카드"
    var status: String
    var requestedAt: String
    var approvedAt: String?
    var useEscrow = false
    var cultureExpense = false
    var card: Card
    var receipt: Link
    var checkout: Link
    var cancels: [Cancel]?
    var failure: Failure?
    var type = "NORMAL"
    var country = "KR"
    var isPartialCancelable = true
    var totalAmount: Int
    var balanceAmount: Int
    var suppliedAmount: Int
    var vat: Int
    var taxFreeAmount = 0
    var taxExemptionAmount = 0

    init(_ payment: SandboxPayment, merchantId: String, links: PaymentLinks) {
        mId = merchantId
        lastTransactionKey = payment.lastTransactionKey
        paymentKey = payment.paymentKey
        orderId = payment.orderId
        orderName = payment.orderName
        status = payment.status.rawValue
        requestedAt = TossTime.format(payment.requestedAt)
        approvedAt = payment.approvedAt.map(TossTime.format)
        card = Card(amount: payment.amount, number: payment.maskedCard,
                    approveNo: payment.approvedAt == nil ? "00000000" : Self.approveNo(payment.paymentKey),
                    acquireStatus: payment.status == .canceled ? "CANCELED" : "READY")
        receipt = Link(url: links.receipt(orderId: payment.orderId))
        checkout = Link(url: links.checkout)
        var refundable = payment.amount
        cancels = payment.cancels.isEmpty ? nil : payment.cancels.map { cancel in
            refundable -= cancel.amount
            return Cancel(transactionKey: cancel.transactionKey, cancelReason: cancel.reason,
                          canceledAt: TossTime.format(cancel.canceledAt), cancelAmount: cancel.amount,
                          refundableAmount: refundable)
        }
        failure = payment.failure.map { Failure(code: $0.code, message: $0.message) }
        totalAmount = payment.amount
        balanceAmount = payment.balanceAmount
        // Korean card payments carry 10 % VAT inside the total: supplied = total / 1.1, rounded.
        suppliedAmount = (payment.balanceAmount * 10 + 5) / 11
        vat = payment.balanceAmount - suppliedAmount
    }

    /// Card approval numbers are 8 digits; derived from the payment key (FNV-1a, stable across
    /// restarts) so a lookup shows the same number as the confirm did.
    static func approveNo(_ paymentKey: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in paymentKey.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let digits = String(hash % 100_000_000)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    enum CodingKeys: String, CodingKey {
        case mId, version, lastTransactionKey, paymentKey, orderId, orderName, currency, method, status
        case requestedAt, approvedAt, useEscrow, cultureExpense, card, virtualAccount, transfer, mobilePhone
        case giftCertificate, cashReceipt, cashReceipts, receipt, checkout, discount, cancels, secret, type
        case easyPay, country, failure, isPartialCancelable, totalAmount, balanceAmount, suppliedAmount, vat
        case taxFreeAmount, taxExemptionAmount, metadata
    }

    /// Written by hand so absent values are written as `null` (the synthesized encoder leaves
    /// nil keys out, which a client decoding Toss' documented shape strictly would reject).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mId, forKey: .mId)
        try container.encode(version, forKey: .version)
        try container.encode(lastTransactionKey, forKey: .lastTransactionKey)
        try container.encode(paymentKey, forKey: .paymentKey)
        try container.encode(orderId, forKey: .orderId)
        try container.encode(orderName, forKey: .orderName)
        try container.encode(currency, forKey: .currency)
        try container.encode(method, forKey: .method)
        try container.encode(status, forKey: .status)
        try container.encode(requestedAt, forKey: .requestedAt)
        try container.encode(approvedAt, forKey: .approvedAt)
        try container.encode(useEscrow, forKey: .useEscrow)
        try container.encode(cultureExpense, forKey: .cultureExpense)
        try container.encode(card, forKey: .card)
        // Other payment methods' objects, and features a sandbox card payment never uses.
        for key in [CodingKeys.virtualAccount, .transfer, .mobilePhone, .giftCertificate, .cashReceipt,
                    .cashReceipts, .discount, .secret, .easyPay, .metadata] {
            try container.encodeNil(forKey: key)
        }
        try container.encode(receipt, forKey: .receipt)
        try container.encode(checkout, forKey: .checkout)
        try container.encode(cancels, forKey: .cancels)
        try container.encode(failure, forKey: .failure)
        try container.encode(type, forKey: .type)
        try container.encode(country, forKey: .country)
        try container.encode(isPartialCancelable, forKey: .isPartialCancelable)
        try container.encode(totalAmount, forKey: .totalAmount)
        try container.encode(balanceAmount, forKey: .balanceAmount)
        try container.encode(suppliedAmount, forKey: .suppliedAmount)
        try container.encode(vat, forKey: .vat)
        try container.encode(taxFreeAmount, forKey: .taxFreeAmount)
        try container.encode(taxExemptionAmount, forKey: .taxExemptionAmount)
    }
}

/// Where a payment's `receipt.url` and `checkout.url` point: the sandbox as the request reached
/// it. The receipt is the sandbox's ledger for the order; the checkout is its payment window.
struct PaymentLinks: Sendable {
    /// `http://host:port/prefix`, no trailing slash.
    var base: String

    func receipt(orderId: String) -> String { "\(base)/v1/sandbox/charges?orderId=\(orderId)" }
    var checkout: String { "\(base)/v1/sandbox/checkout" }

    static let local = PaymentLinks(base: "http://127.0.0.1")
}
