import Foundation

/// The Toss `Payment` object (API version 2022-11-16) for a card payment, as the real
/// gateway shapes it, so a client written against the sandbox works against Toss.
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
    }

    struct Cancel: Encodable {
        var transactionKey: String
        var cancelReason: String
        var taxExemptionAmount = 0
        var canceledAt: String
        var cancelAmount: Int
        var taxFreeAmount = 0
        var refundableAmount: Int
        var cancelStatus = "DONE"
    }

    struct Failure: Encodable {
        var code: String
        var message: String
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

    init(_ payment: SandboxPayment, merchantId: String) {
        mId = merchantId
        lastTransactionKey = payment.lastTransactionKey
        paymentKey = payment.paymentKey
        orderId = payment.orderId
        orderName = payment.orderName
        status = payment.status.rawValue
        requestedAt = TossTime.format(payment.requestedAt)
        approvedAt = payment.approvedAt.map(TossTime.format)
        card = Card(amount: payment.amount, number: payment.maskedCard,
                    approveNo: payment.approvedAt == nil ? "" : String(payment.paymentKey.suffix(8)),
                    acquireStatus: payment.status == .canceled ? "CANCELED" : "READY")
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
}
