import FlyingFox
import Foundation
import TicketingStorage

/// docs/API.md's `Idempotency-Key` on POSTs: the same key with the same body replays the first
/// response (`Idempotent-Replayed: true`); with another body it is refused (422). Keys are scoped
/// to the caller's credentials and the path, so two users can never collide. A duplicate that
/// arrives while the first is still running waits for it instead of running twice.
actor IdempotencyLayer {
    private let storage: any DurableRecords
    private let clock: WallClock
    private var inFlight: [String: [CheckedContinuation<Void, Never>]] = [:]
    private var stores = 0

    init(storage: any DurableRecords, clock: WallClock) {
        self.storage = storage
        self.clock = clock
    }

    static func scopedKey(_ key: String, request: HTTPRequest, caller: String) -> String {
        Crypto.hex(Crypto.sha256(Array("\(caller)\n\(request.method.rawValue) \(request.path)\n\(key)".utf8)))
    }

    func respond(scopedKey: String, requestHash: String,
                 produce: @Sendable () async -> HTTPResponse) async -> HTTPResponse {
        while inFlight[scopedKey] != nil {
            await withCheckedContinuation { inFlight[scopedKey, default: []].append($0) }
        }
        inFlight[scopedKey] = []
        defer {
            for waiter in inFlight.removeValue(forKey: scopedKey) ?? [] { waiter.resume() }
        }
        if let stored = try? await storage.storedResponse(scopedKey: scopedKey) {
            guard stored.requestHash == requestHash else {
                return APIFailure.unprocessable(.idempotencyKeyReused,
                                                "this Idempotency-Key was used with a different request body").response
            }
            var headers: HTTPHeaders = [HTTPHeader("Idempotent-Replayed"): "true"]
            if let type = stored.contentType { headers[.contentType] = type }
            return HTTPResponse(statusCode: HTTPStatusCode(stored.status, phrase: ""), headers: headers, body: stored.body)
        }
        let response = await produce()
        // Server failures are not kept: the client is meant to retry those for real.
        guard response.statusCode.code < 500, let body = try? await response.bodyData else { return response }
        try? await storage.storeResponse(scopedKey: scopedKey,
                                         StoredResponse(requestHash: requestHash, status: response.statusCode.code,
                                                        contentType: response.headers[.contentType], body: body),
                                         at: clock.now())
        stores += 1
        if stores % 1_000 == 0 { try? await storage.pruneStoredResponses(before: clock.now().addingTimeInterval(-86_400)) }
        return HTTPResponse(statusCode: response.statusCode, headers: response.headers, body: body)
    }
}
