import Foundation

extension SandboxLedger {
    /// One money movement: an approval or a cancel.
    struct Transaction {
        var key: String
        var payment: SandboxPayment
        var status: String
        var at: Date
        var amount: Int
        /// 0 for the approval, then 1, 2, … for the cancels: a payment's own order.
        var step: Int
    }

    /// `GET /v1/transactions`: every approval and cancel with `from ≤ transactionAt ≤ through`,
    /// oldest first; `startingAfter` (a transaction key from the previous page) continues a
    /// listing, `limit` (1…10,000, 100 by default) bounds a page, as in Toss' lookup.
    func transactions(from: Date, through: Date, startingAfter: String?, limit: Int,
                      links: PaymentLinks) -> SandboxReply {
        let listed = allTransactions().filter { from <= $0.at && $0.at <= through }
        var start = listed.startIndex
        if let startingAfter {
            guard let index = listed.firstIndex(where: { $0.key == startingAfter }) else {
                return .error(.invalidTransactionKey)
            }
            start = index + 1
        }
        let page = listed[start...].prefix(limit).map { transaction in
            TossTransactionJSON(mId: options.merchantId, transactionKey: transaction.key,
                                paymentKey: transaction.payment.paymentKey, orderId: transaction.payment.orderId,
                                receiptUrl: links.receipt(orderId: transaction.payment.orderId),
                                status: transaction.status, transactionAt: TossTime.format(transaction.at),
                                amount: transaction.amount)
        }
        return .json(Array(page))
    }

    /// Approvals and cancels of every payment that moved money, by time, then payment, then
    /// step (a stable order, so a `startingAfter` key always finds its place, and a cancel in the
    /// same instant as its approval still comes after it).
    private func allTransactions() -> [Transaction] {
        var list: [Transaction] = []
        for payment in payments.values {
            guard let approvedAt = payment.approvedAt else { continue }
            list.append(Transaction(key: payment.approvalTransactionKey ?? payment.paymentKey + "-approval",
                                    payment: payment, status: "DONE", at: approvedAt, amount: payment.amount, step: 0))
            var balance = payment.amount
            for (index, cancel) in payment.cancels.enumerated() {
                balance -= cancel.amount
                list.append(Transaction(key: cancel.transactionKey, payment: payment,
                                        status: balance == 0 ? "CANCELED" : "PARTIAL_CANCELED",
                                        at: cancel.canceledAt, amount: cancel.amount, step: index + 1))
            }
        }
        return list.sorted {
            ($0.at, $0.payment.paymentKey, $0.step) < ($1.at, $1.payment.paymentKey, $1.step)
        }
    }
}
