import FlyingFox
import Foundation
import Testing
@testable import TicketingServer

/// The bytes of an answer: our length, date and connection fields whatever the handler set, its
/// own fields as they are, and never a line break of its making.
@Suite("Response encoding")
struct TransportEncodeTests {
    private func lines(_ data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n")
    }

    @Test func aJSONAnswerIsOneBufferWithOurFraming() {
        var response = HTTPResponse.json(.ok, ["a": 1])
        response.headers[HTTPHeader("X-Request-Id")] = "req-1"
        response.headers[HTTPHeader("content-length")] = "999"
        response.headers[HTTPHeader("DATE")] = "yesterday"
        response.headers[HTTPHeader("Transfer-Encoding")] = "chunked"
        let body = Data(#"{"a":1}"#.utf8)
        let text = lines(TransportResponses.encode(response, body: body, connection: "close", headOnly: false))
        #expect(text.first == "HTTP/1.1 200 OK")
        #expect(text.filter { $0.lowercased().hasPrefix("date: ") }.count == 1)
        #expect(!text.contains("DATE: yesterday") && !text.contains { $0.lowercased().hasPrefix("transfer-encoding") })
        #expect(text.contains("Content-Length: 7") && !text.contains("content-length: 999"))
        #expect(text.contains("X-Request-Id: req-1"))
        #expect(text.contains("Content-Type: application/json; charset=utf-8"))
        #expect(text.contains("Connection: close"))
        #expect(text.suffix(2) == ["", #"{"a":1}"#])
    }

    /// "\r\n" is one `Character` in Swift: a filter on characters let the pair through.
    @Test func lineBreaksInFieldsAreDropped() {
        var response = HTTPResponse(statusCode: .ok)
        response.headers[HTTPHeader("X-Note")] = "a\r\nX-Injected: 1\nb\rc"
        let text = lines(TransportResponses.encode(response, body: Data(), connection: nil, headOnly: false))
        #expect(!text.contains { $0.hasPrefix("X-Injected") })
        #expect(text.contains("X-Note: aX-Injected: 1bc"))
    }

    @Test func bodilessAndHeadAnswers() {
        let empty = lines(TransportResponses.encode(HTTPResponse(statusCode: .noContent), body: Data(), connection: nil,
                                                   headOnly: false))
        #expect(!empty.contains { $0.hasPrefix("Content-Length") })
        let head = TransportResponses.encode(HTTPResponse.json(.ok, ["a": 1]), body: Data("{}".utf8), connection: nil,
                                             headOnly: true)
        #expect(lines(head).contains("Content-Length: 2"))
        #expect(String(decoding: head, as: UTF8.self).hasSuffix("\r\n\r\n"))
    }

    @Test func connectionCloseIsReadAsTheHeadersReadIt() {
        func answer(_ values: [String]) -> HTTPResponse {
            var response = HTTPResponse(statusCode: .ok)
            for value in values { response.headers.addValue(value, for: HTTPHeader("connection")) }
            return response
        }
        for values in [[], ["close"], ["Close"], ["keep-alive"], ["keep-alive", "close"], ["upgrade"]] {
            let response = answer(values)
            #expect(TransportResponses.asksToClose(response) == (response.headers[.connection]?.lowercased() == "close"),
                    "\(values)")
        }
        #expect(TransportResponses.asksToClose(answer(["CLOSE"])))
    }
}
