import FlyingFox
import Foundation

/// A Toss Payments–compatible gateway for development, demos and tests, with fault injection.
///
/// Mount it on any FlyingFox server: route each `SandboxRoute` (or everything under a prefix,
/// with `PaymentSandboxHandler`) to `handle(_:path:)`, or run it alone with
/// `PaymentSandboxServer`. With a directory, its ledger survives restarts.
public struct PaymentSandbox: Sendable {
    public let options: SandboxOptions
    let ledger: SandboxLedger

    /// - Parameters:
    ///   - directory: where `payment-sandbox.jsonl` lives; `nil` keeps the ledger in memory.
    ///   - clock: the time used for card expiry, `approvedAt` and the "down" window.
    ///   - sleep: how the delaying faults wait; real time unless a test needs otherwise.
    ///   - paymentKeys: makes `paymentKey`s and transaction keys; random by default.
    public init(directory: URL?, options: SandboxOptions = SandboxOptions(),
                clock: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                paymentKeys: @escaping @Sendable () -> String = { PaymentSandbox.randomKey() }) throws {
        self.options = options
        ledger = try SandboxLedger(options: options, file: try directory.map(LedgerFile.init(directory:)),
                                   now: clock, sleep: sleep, makeKey: paymentKeys)
    }

    /// Answers one request; `path` is the request path relative to the mount point.
    public func handle(_ request: HTTPRequest, path: String) async -> HTTPResponse {
        guard let (route, params) = SandboxRoute.match(method: request.method, path: path) else {
            return Self.response(.error(.notFoundRoute))
        }
        if !route.isTool, await ledger.isDown() { return DroppedConnection.response }
        let delay = await ledger.faultPlan().delayMilliseconds
        if !route.isTool, delay > 0 { try? await ledger.sleep(.milliseconds(delay)) }
        return Self.response(await reply(to: request, route: route, params: params,
                                         links: Self.links(for: request, path: path)))
    }

    private func reply(to request: HTTPRequest, route: SandboxRoute, params: [String: String],
                       links: PaymentLinks) async -> SandboxReply {
        switch route {
        case .checkout:
            return await decoded(request, CheckoutRequest.self) { await ledger.checkout($0) }
        case .confirm, .paymentByOrder, .payment, .cancel, .transactions:
            guard authorized(request) else { return .error(.unauthorizedKey) }
            let key = request.headers[HTTPHeader("Idempotency-Key")]
            if let key, key.isEmpty || key.count > 300 {
                return .error(.invalidRequest("Idempotency-Key must be 1-300 characters."))
            }
            switch route {
            case .confirm:
                return await decoded(request, ConfirmRequest.self) {
                    await ledger.confirm($0, idempotencyKey: key, links: links)
                }
            case .cancel:
                let paymentKey = params["paymentKey"] ?? ""
                return await decoded(request, CancelRequest.self) {
                    await ledger.cancel(paymentKey: paymentKey, $0, idempotencyKey: key, links: links)
                }
            case .paymentByOrder:
                return await ledger.payment(orderId: params["orderId"] ?? "", links: links)
            case .transactions:
                return await transactions(request, links: links)
            default:
                return await ledger.payment(key: params["paymentKey"] ?? "", links: links)
            }
        case .charges:
            let orderId = request.query.first { $0.name == "orderId" }?.value
            return .json(ChargesResponse(charges: await ledger.charges(orderId: orderId)))
        case .faults:
            return .json(await ledger.faultPlan())
        case .setFaults:
            return await decoded(request, FaultUpdate.self) { .json(await ledger.update($0)) }
        case .clearFaults:
            await ledger.setFaults(FaultPlan())
            return .json(FaultPlan())
        }
    }

    /// `GET /v1/transactions?startDate=…&endDate=…[&startingAfter=…][&limit=…]`.
    private func transactions(_ request: HTTPRequest, links: PaymentLinks) async -> SandboxReply {
        func value(_ name: String) -> String? { request.query.first { $0.name == name }?.value }
        guard let startText = value("startDate"), let from = TossTime.parseQuery(startText),
              let endText = value("endDate"), let through = TossTime.parseQuery(endText) else {
            return .error(.invalidRequest("startDate and endDate are required, e.g. 2022-01-01T00:00:00."))
        }
        var limit = 100
        if let text = value("limit") {
            guard let parsed = Int(text), (1...10_000).contains(parsed) else {
                return .error(.invalidRequest("limit must be 1-10000."))
            }
            limit = parsed
        }
        return await ledger.transactions(from: from, through: through, startingAfter: value("startingAfter"),
                                         limit: limit, links: links)
    }

    /// `Authorization: Basic base64(secretKey + ":")`, as Toss expects; the scheme name is
    /// case-insensitive (RFC 9110 §11.1), so `basic` and `BASIC` are the same scheme.
    private func authorized(_ request: HTTPRequest) -> Bool {
        guard let header = request.headers[.authorization] else { return false }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let decoded = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)) else { return false }
        return decoded == Data((options.secretKey + ":").utf8)
    }

    /// The sandbox as this request reached it: its `Host` and the path before `path`.
    private static func links(for request: HTTPRequest, path: String) -> PaymentLinks {
        let prefix = request.path.hasSuffix(path) ? String(request.path.dropLast(path.count)) : ""
        let host = request.headers[.host] ?? "127.0.0.1"
        return PaymentLinks(base: "http://\(host)\(prefix)")
    }

    private func decoded<T: Decodable>(_ request: HTTPRequest, _ type: T.Type,
                                       _ body: (T) async -> SandboxReply) async -> SandboxReply {
        var data = Data()
        do {
            for try await chunk in request.bodySequence {
                data.append(chunk)
                if data.count > 64 * 1024 { return .error(.invalidRequest("The body is too large.")) }
            }
        } catch {
            return .error(.invalidRequest("The body could not be read."))
        }
        guard let value = try? JSONDecoder().decode(type, from: data) else {
            return .error(.invalidRequest("The body is not valid JSON with the required fields."))
        }
        return await body(value)
    }

    private static func response(_ reply: SandboxReply) -> HTTPResponse {
        if reply.dropConnection { return DroppedConnection.response }
        var headers: HTTPHeaders = [.contentType: "application/json; charset=utf-8"]
        if reply.replayed { headers[HTTPHeader("Idempotent-Replayed")] = "true" }
        return HTTPResponse(statusCode: HTTPStatusCode(reply.status, phrase: Self.phrase(reply.status)), headers: headers, body: reply.body)
    }

    private static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 422: "Unprocessable Content"
        default: "Internal Server Error"
        }
    }

    // MARK: For tests and tools in the same process

    /// The sandbox's own ledger: one line per payment that moved money.
    public func charges(orderId: String? = nil) async -> [SandboxCharge] {
        await ledger.charges(orderId: orderId)
    }

    public func setFaults(_ plan: FaultPlan) async { await ledger.setFaults(plan) }

    /// Resumes once no confirm is charging, so a test can observe a held confirm's outcome.
    public func waitUntilIdle() async { await ledger.waitUntilIdle() }

    /// 24 characters of [A-Za-z0-9], like Toss' keys.
    public static func randomKey() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
