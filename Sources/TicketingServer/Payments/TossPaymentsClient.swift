import Foundation
import TicketingNet

/// `PaymentGateway` over Toss Payments' core API (or the bundled sandbox, which speaks it), over
/// HTTPS when the endpoint says so.
public struct TossPaymentsClient: PaymentGateway, GatewayTransactionLookup {
    public let endpoint: TossEndpoint
    private let authorization: String
    private let link: Link

    /// Sockets to the gateway, or (for a server run in-process by tests) a function that answers
    /// a request the way the mounted sandbox would.
    enum Link: Sendable {
        case sockets(GatewayConnections)
        case inProcess(@Sendable (ClientRequest) async throws -> ClientResponse)
    }

    /// - Parameters:
    ///   - timeout: per request, queueing and connecting included. Toss advises long read
    ///     timeouts for confirm; whatever it is, a timeout becomes `.unknown`, never a retry.
    ///   - tls: the roots an `https` endpoint is verified against; the system's when nil.
    ///     Throws when they cannot be loaded: the secret key never goes to an unverified server.
    public init(endpoint: TossEndpoint, secretKey: String, timeout: TimeInterval = 30,
                maxIdleConnections: Int = 64, tls: TLSOptions? = nil) throws {
        self.endpoint = endpoint
        authorization = TossWire.authorization(secretKey: secretKey)
        link = .sockets(GatewayConnections(host: endpoint.host, port: endpoint.port, timeout: timeout,
                                           tls: endpoint.useTLS ? try tls ?? TLSOptions() : nil,
                                           maxIdle: maxIdleConnections))
    }

    init(endpoint: TossEndpoint, secretKey: String,
         inProcess send: @escaping @Sendable (ClientRequest) async throws -> ClientResponse) {
        self.endpoint = endpoint
        authorization = TossWire.authorization(secretKey: secretKey)
        link = .inProcess(send)
    }

    public func confirm(paymentKey: String, orderId: String, amount: Int,
                        idempotencyKey: String) async throws -> GatewayPayment {
        let body = TossWire.ConfirmBody(paymentKey: paymentKey, orderId: orderId, amount: amount)
        let response = try await send("POST", "/v1/payments/confirm", body: body,
                                      idempotencyKey: idempotencyKey)
        return try Self.payment(from: response, changesMoney: true)
    }

    public func payment(orderId: String) async throws -> GatewayPayment? {
        try await lookUp("/v1/payments/orders/\(TossWire.segment(orderId))")
    }

    /// The payment with this key, or nil when the gateway has none.
    public func payment(paymentKey: String) async throws -> GatewayPayment? {
        try await lookUp("/v1/payments/\(TossWire.segment(paymentKey))")
    }

    public func cancel(paymentKey: String, reason: String, idempotencyKey: String) async throws -> GatewayPayment {
        try await cancel(paymentKey: paymentKey, amount: nil, reason: reason, idempotencyKey: idempotencyKey)
    }

    /// Refunds `amount` (Toss' partial cancel), or the whole balance when nil.
    public func cancel(paymentKey: String, amount: Int?, reason: String,
                       idempotencyKey: String) async throws -> GatewayPayment {
        let response = try await send("POST", "/v1/payments/\(TossWire.segment(paymentKey))/cancel",
                                      body: TossWire.CancelBody(cancelReason: reason, cancelAmount: amount),
                                      idempotencyKey: idempotencyKey)
        do {
            return try Self.payment(from: response, changesMoney: true)
        } catch PaymentGatewayError.declined(let code, let message) where code == "ALREADY_CANCELED_PAYMENT" && amount == nil {
            // The refund we want already happened (an earlier attempt under another key):
            // report the cancelled payment instead of an error.
            guard let payment = try await payment(paymentKey: paymentKey), payment.status == .canceled else {
                throw PaymentGatewayError.declined(code: code, message: message)
            }
            return payment
        }
    }

    public func transactions(from: Date, through: Date, startingAfter: String?,
                             limit: Int) async throws -> [GatewayTransaction] {
        // The query's times stop at milliseconds (truncated): the end goes one millisecond on, so
        // a charge made within `through`'s millisecond is not cut off; a start truncated earlier
        // only widens the window.
        let end = TossWire.queryTime(through.addingTimeInterval(0.001))
        var query = "startDate=\(TossWire.queryTime(from))&endDate=\(end)&limit=\(limit)"
        if let startingAfter { query += "&startingAfter=\(TossWire.segment(startingAfter))" }
        let response = try await send("GET", "/v1/transactions?" + query,
                                      body: Optional<TossWire.ConfirmBody>.none, idempotencyKey: nil)
        guard response.isSuccess else { throw Self.classify(response, changesMoney: false) }
        do {
            return try TossWire.decodeTransactions(response.body)
        } catch {
            throw PaymentGatewayError.retryable(code: "INVALID_RESPONSE", message: "\(error)")
        }
    }

    /// Closes idle connections (at shutdown).
    public func close() async {
        if case .sockets(let connections) = link { await connections.closeAll() }
    }

    // MARK: Plumbing

    private func lookUp(_ path: String) async throws -> GatewayPayment? {
        let response = try await send("GET", path, body: Optional<TossWire.ConfirmBody>.none, idempotencyKey: nil)
        if response.status == 404 { return nil }
        return try Self.payment(from: response, changesMoney: false)
    }

    private func send(_ method: String, _ path: String, body: (some Encodable)?,
                      idempotencyKey: String?) async throws -> ClientResponse {
        var headers = ["Authorization": authorization, "Accept": "application/json"]
        var data: Data?
        if let body {
            data = try TossWire.encoder.encode(body)
            headers["Content-Type"] = "application/json"
        }
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        let request = ClientRequest(method: method, path: endpoint.basePath + path, headers: headers, body: data)
        do {
            switch link {
            case .sockets(let connections): return try await connections.send(request)
            case .inProcess(let send): return try await send(request)
            }
        } catch {
            throw Self.classify(transport: error, changesMoney: idempotencyKey != nil)
        }
    }

    /// A 2xx Payment, or the error the response stands for.
    static func payment(from response: ClientResponse, changesMoney: Bool) throws -> GatewayPayment {
        guard response.isSuccess else { throw classify(response, changesMoney: changesMoney) }
        do {
            return try TossWire.decodePayment(response.body)
        } catch {
            // A 2xx we cannot read may well be a completed charge.
            throw changesMoney ? PaymentGatewayError.unknown(error)
                : PaymentGatewayError.retryable(code: "INVALID_RESPONSE", message: "\(error)")
        }
    }

    /// Toss' retryable codes are its 5xx ones plus `PROVIDER_ERROR` (a 400 meaning "card
    /// network hiccup, try again"); `ALREADY_PROCESSED_PAYMENT` on confirm means an earlier
    /// attempt may have charged, which only a query can tell.
    static func classify(_ response: ClientResponse, changesMoney: Bool) -> PaymentGatewayError {
        let parsed = try? TossWire.decoder.decode(TossWire.ErrorBody.self, from: response.body)
        let code = parsed?.code ?? "HTTP_\(response.status)"
        let message = parsed?.message ?? "HTTP \(response.status) without a Toss error body"
        if response.status >= 500 || response.status == 429 || response.status == 409 || code == "PROVIDER_ERROR" {
            return .retryable(code: code, message: message)
        }
        if changesMoney, code == "ALREADY_PROCESSED_PAYMENT" {
            return .unknown(TossAPIError(status: response.status, code: code, message: message))
        }
        return .declined(code: code, message: message)
    }

    /// Refused connections never carried the request, so they are safe to retry. Anything
    /// after the request may have left (timeout, reset, truncated answer) is unknown for a
    /// call that moves money and merely retryable for a read.
    static func classify(transport error: any Error, changesMoney: Bool) -> any Error {
        if error is CancellationError { return error }
        if case HTTPClientError.connectionFailed(let reason) = error {
            return PaymentGatewayError.retryable(code: "CONNECTION_FAILED", message: reason)
        }
        // The handshake comes before the request, so nothing was sent. A rejected certificate
        // stays rejected until an operator fixes trust, but the payment is intact meanwhile.
        if case HTTPClientError.tls(let failure) = error {
            return PaymentGatewayError.retryable(code: "TLS_FAILED", message: failure.description)
        }
        if case HTTPClientError.invalidRequest(let reason) = error {
            return PaymentGatewayError.declined(code: "INVALID_REQUEST", message: reason)
        }
        return changesMoney ? PaymentGatewayError.unknown(error)
            : PaymentGatewayError.retryable(code: "NETWORK_ERROR", message: "\(error)")
    }
}
