import FlyingFox
import Foundation
import Logging
import TicketingProtocol

/// The single FlyingFox handler: request id, body cap, routing, error envelope, metrics and the
/// access log all happen here so no route can forget them.
struct APIHandler: IndexedHTTPHandler {
    let router: Router
    let context: ServerContext
    let idempotency: IdempotencyLayer

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await handleRequest(request, headers: HeaderIndex(request.headers))
    }

    func handleRequest(_ request: HTTPRequest, headers: HeaderIndex) async throws -> HTTPResponse {
        let started = ContinuousClock.now
        let requestId = RequestIds.id(given: headers.value("X-Request-Id"))
        let forwardedFor = await context.forwardedPeers?.client(behind: request.remoteAddress)
        var response: HTTPResponse
        var routeLabel = "unmatched"
        // Matched once: the label and the routing share it.
        let match = router.match(method: request.method, path: request.path)
        if case .found(let route, _) = match { routeLabel = route.pattern }
        // Only our API: a mounted payment sandbox implements Toss' own Idempotency-Key rules.
        let work: @Sendable () async -> HTTPResponse
        if request.method == .POST, request.path.hasPrefix("/v1/"),
           let key = headers.value("Idempotency-Key") {
            work = { await idempotent(request, headers: headers, match: match, key: key, requestId: requestId,
                                      client: forwardedFor) }
        } else {
            work = { await route(request, headers: headers, match: match, requestId: requestId, client: forwardedFor) }
        }
        if let answered = await RequestDeadline.answer(within: context.config.requestDeadline, work) {
            response = answered
        } else {
            context.logger.warning("no answer within the request deadline; answered 503", metadata: [
                "http.route": "\(routeLabel)", "trace.id": "\(requestId)", "url.path": "\(request.path)",
            ])
            response = APIFailure.serviceUnavailable(retryAfter: 1).response
        }
        response.headers[HTTPHeader("X-Request-Id")] = requestId
        if response.statusCode == .payloadTooLarge {
            // The unread body would otherwise be parsed as the next request on this connection.
            response.headers[.connection] = "close"
        }
        let elapsed = ContinuousClock.now - started
        context.metrics.observe(method: request.method, route: routeLabel,
                                status: response.statusCode.code, duration: elapsed)
        logAccess(request, response: response, route: routeLabel, requestId: requestId, elapsed: elapsed,
                  client: forwardedFor)
        return response
    }

    /// Routing, the body cap and the error envelope: everything a request goes through.
    /// `client` is the address the TLS terminator vouches for, when the request came through it.
    private func route(_ request: HTTPRequest, headers: HeaderIndex, match: Router.Match, requestId: String,
                       client: String?) async -> HTTPResponse {
        do {
            if let declared = headers.value("Content-Length").flatMap(Int.init),
               declared > RequestContext.maxBodyBytes {
                throw APIFailure.payloadTooLarge
            }
            switch match {
            case .found(let route, let params):
                return try await route.handler(RequestContext(request: request, params: params, requestId: requestId,
                                                              clientAddress: client, headers: headers))
            case .methodNotAllowed(let allowed):
                throw APIFailure(.methodNotAllowed, .methodNotAllowed,
                                 "\(request.method.rawValue) is not allowed on \(request.path)",
                                 headers: [HTTPHeader("Allow"): allowed.map(\.rawValue).joined(separator: ", ")])
            case .notFound:
                throw APIFailure.notFound("route \(request.method.rawValue) \(request.path)")
            }
        } catch let failure as APIFailure {
            return failure.response
        } catch where BackendOutage.covers(error) {
            context.logger.warning("backend unreachable; answered 503", metadata: [
                "error.message": "\(error)", "trace.id": "\(requestId)", "url.path": "\(request.path)",
            ])
            return APIFailure.serviceUnavailable(retryAfter: BackendOutage.retryAfterSeconds).response
        } catch {
            context.logger.error("unhandled error", metadata: [
                "error.message": "\(error)", "trace.id": "\(requestId)", "url.path": "\(request.path)",
            ])
            return APIFailure.internalError.response
        }
    }

    /// Reads the body once (to hash it), then lets the idempotency layer decide replay or run.
    private func idempotent(_ request: HTTPRequest, headers: HeaderIndex, match: Router.Match, key: String,
                            requestId: String, client: String?) async -> HTTPResponse {
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            return APIFailure.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters").response
        }
        var request = request
        let body: Data
        do {
            if let declared = headers.value("Content-Length").flatMap(Int.init), declared > RequestContext.maxBodyBytes {
                throw APIFailure.payloadTooLarge
            }
            body = try await RequestContext(request: request, params: [:], requestId: requestId, headers: headers).bodyData()
        } catch let failure as APIFailure {
            return failure.response
        } catch {
            return APIFailure.badRequest("the body could not be read").response
        }
        request.setBodyData(body)
        let caller = headers.value("Authorization")
            ?? "anonymous:\(client ?? RequestContext.address(of: request.remoteAddress))"
        let scoped = IdempotencyLayer.scopedKey(key, request: request, caller: caller)
        let frozen = request
        return await idempotency.respond(scopedKey: scoped, requestHash: Crypto.hex(Crypto.sha256(Array(body)))) {
            await route(frozen, headers: headers, match: match, requestId: requestId, client: client)
        }
    }

    private func logAccess(_ request: HTTPRequest, response: HTTPResponse, route: String,
                           requestId: String, elapsed: Duration, client: String?) {
        let nanos = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        // The query string is left out on purpose: `?token=` on WebSocket URLs is a secret.
        context.accessLog.write(AccessLog.Entry(
            method: request.method.rawValue, path: request.path, route: route, status: response.statusCode.code,
            nanoseconds: nanos, requestId: requestId,
            client: client ?? request.remoteAddress.map(Self.describe) ?? "-"))
    }

    private static func describe(_ address: HTTPRequest.Address) -> String {
        switch address {
        case .ip4(let ip, _), .ip6(let ip, _): return ip
        case .unix(let path): return path
        }
    }
}
