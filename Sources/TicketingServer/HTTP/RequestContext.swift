import FlyingFox
import Foundation
import TicketingProtocol

/// What a route handler sees: the request, its path parameters and request id.
struct RequestContext: Sendable {
    static let maxBodyBytes = 1 << 20

    var request: HTTPRequest
    var params: [String: String]
    var requestId: String
    /// The peer's IP, for per-address limits: the TLS client's when the request came through the
    /// terminator, "-" for unix sockets.
    var clientAddress: String
    /// The request's header fields, read without `HTTPHeaders`' Foundation comparisons.
    var headers: HeaderIndex

    init(request: HTTPRequest, params: [String: String], requestId: String, clientAddress: String? = nil,
         headers: HeaderIndex? = nil) {
        self.request = request
        self.headers = headers ?? HeaderIndex(request.headers)
        self.params = params
        self.requestId = requestId
        self.clientAddress = clientAddress ?? Self.address(of: request.remoteAddress)
    }

    /// `request` with its header fields in `HTTPHeaders`, for code that reads them there (the
    /// payment sandbox). The transport leaves them out of
    /// `request` for the API handler, which reads `headers`: building FlyingFox's headers for
    /// every request cost ~5 % of a queue request's CPU (BENCHMARKS.md).
    var requestWithHeaders: HTTPRequest {
        var full = request
        full.headers = headers.httpHeaders
        return full
    }

    func param(_ name: String) -> String { params[name] ?? "" }

    func query(_ name: String) -> String? {
        request.query.first { $0.name == name }?.value
    }

    func header(_ name: String) -> String? { headers.value(name) }

    static func address(of remote: HTTPRequest.Address?) -> String {
        switch remote {
        case .ip4(let ip, _), .ip6(let ip, _): ip
        default: "-"
        }
    }

    /// Reads the body with the 1 MiB cap enforced even for chunked uploads that declare no length.
    func bodyData() async throws -> Data {
        var data = Data()
        for try await chunk in request.bodySequence {
            data.append(chunk)
            if data.count > Self.maxBodyBytes { throw APIFailure.payloadTooLarge }
        }
        return data
    }

    /// Decodes a JSON body; type and missing-field errors name the field so a client can fix it.
    func decode<T: Decodable>(_ type: T.Type) async throws -> T {
        let data = try await bodyData()
        guard !data.isEmpty else { throw APIFailure.badRequest("a JSON body is required") }
        do {
            return try WireJSON.decode(type, from: data)
        } catch let error as DecodingError {
            throw APIFailure.badRequest(Self.describe(error))
        } catch {
            throw APIFailure.badRequest("the body is not valid JSON")
        }
    }

    /// For POSTs that carry no data: an empty body or `{}` (any JSON object) is accepted.
    func requireEmptyOrObject() async throws {
        let data = try await bodyData()
        guard !data.isEmpty else { return }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw APIFailure.badRequest("the body must be empty or a JSON object")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let joined = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return joined.isEmpty ? "body" : joined
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' has the wrong type (expected \(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must not be null (expected \(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            return "field '\(path(context.codingPath))' is invalid: \(context.debugDescription)"
        @unknown default:
            return "the body could not be decoded"
        }
    }
}
