import FlyingFox
import Foundation

/// Routes for the HTTP client tests: JSON, echo, chunked, API errors and a handler that never answers.
func addHTTPRoutes(to server: HTTPServer) async {
    await server.appendRoute("GET /json") { _ in
        HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"],
                     body: Data(#"{"status":"ok"}"#.utf8))
    }
    await server.appendRoute("GET /peer") { request in
        guard case .ip4(_, let port) = request.remoteAddress else { return HTTPResponse(statusCode: .badRequest) }
        return HTTPResponse(statusCode: .ok, body: Data(String(port).utf8))
    }
    await server.appendRoute("POST /echo") { request in
        let body = try await request.bodyData
        return HTTPResponse(statusCode: .ok,
                            headers: [HTTPHeader("X-Method"): request.method.rawValue,
                                      HTTPHeader("X-Seen"): request.headers[HTTPHeader("X-Test")] ?? ""],
                            body: body)
    }
    await server.appendRoute("GET /chunked") { _ in
        HTTPResponse(statusCode: .ok, body: HTTPBodySequence(from: ByteSlices(bytes: chunkedPayload),
                                                             suggestedBufferSize: 1000))
    }
    await server.appendRoute("DELETE /thing") { _ in
        HTTPResponse(statusCode: .noContent)
    }
    await server.appendRoute("GET /not-found") { _ in
        HTTPResponse(statusCode: .notFound, headers: [.contentType: "application/json"],
                     body: Data(#"{"error":{"code":"not_found","message":"no such performance"}}"#.utf8))
    }
    await server.appendRoute("GET /conflict") { _ in
        HTTPResponse(statusCode: .conflict, headers: [.contentType: "application/json"],
                     body: Data(#"{"error":{"code":"seat_unavailable","message":"taken","unavailable":["A-1","A-2"]}}"#.utf8))
    }
    await server.appendRoute("GET /plain-error") { _ in
        HTTPResponse(statusCode: .badGateway, body: Data("upstream fell over".utf8))
    }
    await server.appendRoute("GET /never") { _ in
        // Stands in for a hung server; FlyingFox cancels the handler when the server stops.
        try await Task.sleep(for: .seconds(600))
        return HTTPResponse(statusCode: .ok)
    }
}

/// 10 000 bytes with a recognisable pattern, served in 1 000-byte chunks by `GET /chunked`.
let chunkedPayload: [UInt8] = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
