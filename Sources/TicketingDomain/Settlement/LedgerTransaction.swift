import Foundation

/// One line of a ledger transaction: exactly one of `debit` and `credit` is positive.
public struct LedgerEntry: Hashable, Sendable {
    public var account: LedgerAccount
    public var debit: Int
    public var credit: Int
    public var description: String

    public static func debit(_ account: LedgerAccount, _ amount: Int, _ description: String) -> LedgerEntry {
        LedgerEntry(account: account, debit: amount, credit: 0, description: description)
    }

    public static func credit(_ account: LedgerAccount, _ amount: Int, _ description: String) -> LedgerEntry {
        LedgerEntry(account: account, debit: 0, credit: amount, description: description)
    }

    public init(account: LedgerAccount, debit: Int, credit: Int, description: String) {
        self.account = account
        self.debit = debit
        self.credit = credit
        self.description = description
    }

    /// Debit minus credit: positive for a debit line.
    public var signedAmount: Int { debit - credit }
}

public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    case unbalanced(debits: Int, credits: Int)
    case malformedEntry(account: String, debit: Int, credit: Int)

    public var description: String {
        switch self {
        case .unbalanced(let debits, let credits):
            "debits \(debits) and credits \(credits) differ: a ledger transaction must sum to zero"
        case .malformedEntry(let account, let debit, let credit):
            "entry on \(account) has debit \(debit) and credit \(credit); exactly one must be positive"
        }
    }
}

/// What a transaction records about the business event behind it.
public enum LedgerTransactionKind: String, Codable, Sendable, CaseIterable {
    case orderPaid = "order_paid"
    case orderRefunded = "order_refunded"
}

/// A balanced set of entries for one business event. The initializer is the only way to make
/// one, so an unbalanced transaction cannot exist, let alone be stored.
public struct LedgerTransaction: Hashable, Sendable {
    public let kind: LedgerTransactionKind
    public let orderId: String
    public let sellerId: String
    public let performanceId: String
    public let occurredAt: Date
    /// Tickets this event adds to (paid) or takes from (refunded) `ticketsSold`.
    public let ticketDelta: Int
    public let entries: [LedgerEntry]

    public init(kind: LedgerTransactionKind, orderId: String, sellerId: String, performanceId: String,
                occurredAt: Date, ticketDelta: Int, entries: [LedgerEntry]) throws {
        for entry in entries where entry.debit < 0 || entry.credit < 0 || (entry.debit > 0) == (entry.credit > 0) {
            throw LedgerError.malformedEntry(account: entry.account.code, debit: entry.debit, credit: entry.credit)
        }
        let debits = entries.reduce(0) { $0 + $1.debit }
        let credits = entries.reduce(0) { $0 + $1.credit }
        guard debits == credits else { throw LedgerError.unbalanced(debits: debits, credits: credits) }
        self.kind = kind
        self.orderId = orderId
        self.sellerId = sellerId
        self.performanceId = performanceId
        self.occurredAt = occurredAt
        self.ticketDelta = ticketDelta
        self.entries = entries
    }

    /// The seller's figures this transaction contributes.
    public var figures: SettlementFigures { SettlementFigures(sellerId: sellerId, entries: entries) }
}
