import Foundation
import TicketingProtocol

/// Toss' JSON, read independently of the sandbox's own types so tests against the sandbox
/// check the wire shape rather than a shared struct.
enum TossWire {
    /// Made once (default options, never changed): every confirm decodes a payment and encodes a body.
    static let decoder = JSONDecoder()
    static let encoder = JSONEncoder()

    struct ConfirmBody: Encodable {
        var paymentKey: String
        var orderId: String
        var amount: Int
    }

    struct CancelBody: Encodable {
        var cancelReason: String
        /// Absent for a full refund (the synthesized encoder leaves nil out).
        var cancelAmount: Int?
    }

    struct Transaction: Decodable {
        var transactionKey: String
        var paymentKey: String
        var orderId: String
        var status: String
        var amount: Int
        var transactionAt: String
    }

    struct ErrorBody: Decodable {
        var code: String
        var message: String
    }

    struct Payment: Decodable {
        struct Cancel: Decodable {
            var cancelAmount: Int
            var cancelReason: String
            var canceledAt: String?
            var transactionKey: String?
        }
        struct Failure: Decodable {
            var code: String
            var message: String
        }

        var paymentKey: String
        var orderId: String
        var status: String
        var totalAmount: Int
        var balanceAmount: Int
        var method: String?
        var approvedAt: String?
        var cancels: [Cancel]?
        var failure: Failure?
    }

    static func decodePayment(_ data: Data) throws -> GatewayPayment {
        let wire = try decoder.decode(Payment.self, from: data)
        guard let status = GatewayPayment.Status(rawValue: wire.status) else {
            throw TossAPIError(status: 200, code: "UNKNOWN_STATUS", message: "payment status \(wire.status)")
        }
        return GatewayPayment(
            paymentKey: wire.paymentKey, orderId: wire.orderId, status: status,
            totalAmount: wire.totalAmount, balanceAmount: wire.balanceAmount, method: wire.method,
            approvedAt: try wire.approvedAt.map(parseTime),
            cancels: try (wire.cancels ?? []).map {
                GatewayPayment.Cancel(amount: $0.cancelAmount, reason: $0.cancelReason,
                                      canceledAt: try $0.canceledAt.map(parseTime), transactionKey: $0.transactionKey)
            },
            failureCode: wire.failure?.code, failureMessage: wire.failure?.message)
    }

    static func decodeTransactions(_ data: Data) throws -> [GatewayTransaction] {
        try decoder.decode([Transaction].self, from: data).map { wire in
            guard let status = GatewayPayment.Status(rawValue: wire.status) else {
                throw TossAPIError(status: 200, code: "UNKNOWN_STATUS", message: "transaction status \(wire.status)")
            }
            return GatewayTransaction(transactionKey: wire.transactionKey, paymentKey: wire.paymentKey,
                                      orderId: wire.orderId, status: status, amount: wire.amount,
                                      transactionAt: try parseTime(wire.transactionAt))
        }
    }

    /// A lookup date as Toss takes it: Korean local time with milliseconds, no offset.
    static func queryTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 9 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):"
            + "\(pad(parts.minute, 2)):\(pad(parts.second, 2)).\(pad((parts.nanosecond ?? 0) / 1_000_000, 3))"
    }

    /// Toss times carry an offset (`2024-02-13T12:18:14+09:00`), sometimes with fractions.
    /// Read by hand: an `ISO8601DateFormatter` made per call was ~3 % of the server's CPU in a
    /// rush (one per gateway answer, BENCHMARKS.md).
    static func parseTime(_ text: String) throws -> Date {
        if let date = RFC3339.parse(text) { return date }
        throw TossAPIError(status: 200, code: "INVALID_TIME", message: "time \(text)")
    }

    /// Basic auth as Toss wants it: the secret key and a colon, base64-encoded.
    static func authorization(secretKey: String) -> String {
        "Basic " + Data((secretKey + ":").utf8).base64EncodedString()
    }

    /// One path segment, percent-encoded (order ids are URL-safe, payment keys may not be).
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
