import Foundation
import TicketingClient
import TicketingProtocol

/// One payment that took money, as the rush's charge check compares it with orders.
struct GatewayCharge: Decodable, Sendable {
    var orderId: String
    var amount: Int
    /// `charged`, `partially_refunded` or `refunded` (the sandbox's own ledger's words).
    var status: String
}

/// A Toss-compatible gateway's transactions lookup (`GET /v1/transactions`, Basic auth with the
/// secret key; docs/PAYMENT_SANDBOX.md), paged and folded into one `GatewayCharge` per payment:
/// its approval (`DONE`) less its cancels.
struct GatewayLedger: Sendable {
    let url: URL
    let secretKey: String
    let retry: RetryPolicy

    private struct Transaction: Decodable {
        var transactionKey: String
        var paymentKey: String
        var orderId: String
        var status: String
        var amount: Int
    }

    func charges(from: Date, through: Date) async throws -> [GatewayCharge] {
        guard let host = url.host else { throw BenchError("gateway URL \(url) has no host") }
        let port = UInt16(url.port ?? (url.scheme == "https" ? 443 : 80))
        let http = HTTPClient(host: host, port: port, timeout: 60)
        defer { Task { await http.close() } }
        let auth = "Basic " + Data((secretKey + ":").utf8).base64EncodedString()
        let base = url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path
        let dates = "startDate=\(Self.format(from))&endDate=\(Self.format(through))"
        var all: [Transaction] = []
        var after: String?
        let limit = 10_000
        while true {
            let path = base + "/v1/transactions?\(dates)&limit=\(limit)" + (after.map { "&startingAfter=\($0)" } ?? "")
            let request = ClientRequest(method: "GET", path: path, headers: ["Authorization": auth, "Accept": "application/json"])
            let response = try await retry.send(request, attempt: { try await http.send($0) })
            guard response.isSuccess else {
                throw BenchError("GET \(url)/v1/transactions: HTTP \(response.status) "
                                 + String(decoding: response.body.prefix(200), as: UTF8.self))
            }
            let page = try JSONDecoder().decode([Transaction].self, from: response.body)
            all += page
            guard page.count == limit, let last = page.last else { break }
            after = last.transactionKey
        }
        var byPayment: [String: (orderId: String, charged: Int, cancelled: Int)] = [:]
        for transaction in all {
            var entry = byPayment[transaction.paymentKey] ?? (transaction.orderId, 0, 0)
            if transaction.status == "DONE" { entry.charged += transaction.amount } else { entry.cancelled += transaction.amount }
            byPayment[transaction.paymentKey] = entry
        }
        return byPayment.values.filter { $0.charged > 0 }.map { entry in
            GatewayCharge(orderId: entry.orderId, amount: entry.charged,
                          status: entry.cancelled == 0 ? "charged"
                              : entry.cancelled >= entry.charged ? "refunded" : "partially_refunded")
        }
    }

    /// UTC with an explicit `Z`: the lookup reads offset-less dates as Korean time.
    private static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0)!))
    }
}
