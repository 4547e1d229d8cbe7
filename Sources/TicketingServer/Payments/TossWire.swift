import Foundation

/// Toss' JSON, read independently of the sandbox's own types so tests against the sandbox
/// check the wire shape rather than a shared struct.
enum TossWire {
    struct ConfirmBody: Encodable {
        var paymentKey: String
        var orderId: String
        var amount: Int
    }

    struct CancelBody: Encodable {
        var cancelReason: String
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
        let wire = try JSONDecoder().decode(Payment.self, from: data)
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

    /// Toss times carry an offset (`2024-02-13T12:18:14+09:00`), sometimes with fractions.
    static func parseTime(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
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
