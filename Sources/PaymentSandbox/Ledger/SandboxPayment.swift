import Foundation

/// One payment as the sandbox ledger keeps it, from checkout to refund.
struct SandboxPayment: Codable, Sendable, Equatable {
    /// The Toss statuses a card payment can reach in the sandbox.
    enum Status: String, Codable, Sendable {
        /// Authenticated at checkout, waiting for confirm (Toss' name for it).
        case inProgress = "IN_PROGRESS"
        case done = "DONE"
        case canceled = "CANCELED"
        /// Part of the charge refunded, the rest (`balanceAmount`) still charged.
        case partialCanceled = "PARTIAL_CANCELED"
        /// Confirm was refused; the payment can never be charged.
        case aborted = "ABORTED"
    }

    struct Cancel: Codable, Sendable, Equatable {
        var amount: Int
        var reason: String
        var canceledAt: Date
        var transactionKey: String
    }

    struct Failure: Codable, Sendable, Equatable {
        var code: String
        var message: String
    }

    var paymentKey: String
    var orderId: String
    var orderName: String
    var amount: Int
    var maskedCard: String
    var behaviour: CardBehaviour
    var status: Status
    var requestedAt: Date
    var approvedAt: Date?
    var lastTransactionKey: String?
    /// The approval's own transaction key; `lastTransactionKey` moves on with each cancel, and
    /// the transactions lookup lists the approval and every cancel. Nil in ledgers written
    /// before it existed (then the approval is listed under `<paymentKey>-approval`).
    var approvalTransactionKey: String?
    /// Confirms answered so far; the failing-then-approving card counts its failures with it.
    var confirmAttempts: Int = 0
    var failure: Failure?
    var cancels: [Cancel] = []

    var balanceAmount: Int { amount - cancels.reduce(0) { $0 + $1.amount } }

    /// The ledger line for this payment, if it ever moved money.
    var charge: SandboxCharge? {
        guard approvedAt != nil else { return nil }
        let status: SandboxCharge.Status = switch self.status {
        case .canceled: .refunded
        case .partialCanceled: .partiallyRefunded
        default: .charged
        }
        return SandboxCharge(paymentKey: paymentKey, orderId: orderId, amount: amount, status: status)
    }
}
