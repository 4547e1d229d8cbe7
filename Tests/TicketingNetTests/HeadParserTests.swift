import Testing
@testable import TicketingNet

@Suite("Request head parser")
struct HeadParserTests {
    private func parse(_ text: String, limits: HeadLimits = HeadLimits()) -> HeadParse {
        var parser = HeadParser(limits: limits)
        return Array(text.utf8).withUnsafeBytes { parser.parse($0) }
    }

    @Test func parsesRequestLineAndFields() {
        let text = "POST /v1/orders?x=1 HTTP/1.1\r\nHost: a\r\nX-Thing:  spaced value \t\r\n\r\nBODY"
        guard case .complete(let head, let consumed) = parse(text) else { Issue.record("not complete"); return }
        #expect(head.method == "POST")
        #expect(head.target == "/v1/orders?x=1")
        #expect(head.minorVersion == 1)
        #expect(head.fields == [HeadField(name: "Host", value: "a"), HeadField(name: "X-Thing", value: "spaced value")])
        #expect(consumed == text.utf8.count - 4)
        #expect(head.value("x-thing") == "spaced value")
    }

    @Test func incompleteUntilTheBlankLineEvenFedByteByByte() {
        let bytes = Array("GET / HTTP/1.0\r\nA: b\r\n\r\n".utf8)
        var parser = HeadParser()
        for end in 1..<bytes.count {
            let result = Array(bytes[0..<end]).withUnsafeBytes { parser.parse($0) }
            #expect(result == .incomplete)
        }
        let result = bytes.withUnsafeBytes { parser.parse($0) }
        guard case .complete(let head, let consumed) = result else { Issue.record("not complete"); return }
        #expect(head.minorVersion == 0)
        #expect(consumed == bytes.count)
    }

    @Test func requestLineOverTheLimitIs414BeforeItEnds() {
        var limits = HeadLimits()
        limits.maxRequestLine = 100
        #expect(parse("GET /" + String(repeating: "a", count: 200), limits: limits) == .failed(.requestLineTooLong))
        #expect(parse("GET /" + String(repeating: "a", count: 86) + " HTTP/1.1\r\n", limits: limits) == .incomplete)
        #expect(parse("GET /" + String(repeating: "a", count: 87) + " HTTP/1.1\r\n", limits: limits) == .failed(.requestLineTooLong))
    }

    @Test func headOverTheLimitOrTooManyFieldsIs431() {
        var limits = HeadLimits()
        limits.maxHeadBytes = 200
        limits.maxFields = 3
        #expect(parse("GET / HTTP/1.1\r\nA: " + String(repeating: "b", count: 300), limits: limits) == .failed(.headTooLarge))
        let four = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n"
        #expect(parse(four, limits: limits) == .failed(.tooManyFields))
        let three = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        guard case .complete = parse(three, limits: limits) else { Issue.record("three fields refused"); return }
    }

    @Test(arguments: [
        "GET / HTTP/2.0\r\n\r\n", "GET /  HTTP/1.1\r\n\r\n", "GET example.com:80 HTTP/1.1\r\n\r\n", "GET ftp://x/ HTTP/1.1\r\n\r\n", "GET http:// HTTP/1.1\r\n\r\n", "G(T / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", "GET / HTTP/1.1\r\nName : x\r\n\r\n", "GET / HTTP/1.1\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n", "GET / HTTP/1.1\r\nA: x\u{1}y\r\n\r\n", "GET / HTTP/1.1\nA: b\r\n\r\n",
        "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", "GET /\u{7f} HTTP/1.1\r\n\r\n", "\r\n\r\n",
    ])
    func malformedHeadsAre400(_ text: String) {
        guard case .failed(.malformed) = parse(text) else { Issue.record("accepted \(text.debugDescription)"); return }
    }

    @Test func oneLeadingEmptyLineIsIgnored() {
        guard case .complete(let head, _) = parse("\r\nGET /health HTTP/1.1\r\n\r\n") else { Issue.record("refused"); return }
        #expect(head.target == "/health")
    }

    @Test func nonUTF8FieldValuesDoNotCrash() {
        var bytes = Array("GET / HTTP/1.1\r\nA: ".utf8)
        bytes += [0xFF, 0xC0, 0x80]
        bytes += Array("\r\n\r\n".utf8)
        var parser = HeadParser()
        guard case .complete(let head, _) = bytes.withUnsafeBytes({ parser.parse($0) }) else { Issue.record("refused"); return }
        #expect(head.fields.count == 1)
    }
}

@Suite("Request body framing")
struct BodyFramingTests {
    private func head(_ fields: [(String, String)], minor: Int = 1) -> RequestHead {
        RequestHead(method: "POST", target: "/", minorVersion: minor, fields: fields.map { HeadField(name: $0.0, value: $0.1) })
    }

    @Test func lengthsAndCodings() {
        #expect(BodyFraming.of(head([]), maxBody: 10) == .success(.none))
        #expect(BodyFraming.of(head([("Content-Length", "5")]), maxBody: 10) == .success(.length(5)))
        #expect(BodyFraming.of(head([("Content-Length", "0")]), maxBody: 10) == .success(.none))
        #expect(BodyFraming.of(head([("Content-Length", "11")]), maxBody: 10) == .failure(.bodyTooLarge))
        #expect(BodyFraming.of(head([("Content-Length", "99999999999999999999999")]), maxBody: 10)
                == .failure(.malformed("Content-Length must be one decimal number")))
        #expect(BodyFraming.of(head([("Content-Length", "+5")]), maxBody: 10)
                == .failure(.malformed("Content-Length must be one decimal number")))
        #expect(BodyFraming.of(head([("Content-Length", "5"), ("content-length", "5")]), maxBody: 10)
                == .failure(.malformed("Content-Length must be one decimal number")))
        #expect(BodyFraming.of(head([("Transfer-Encoding", "chunked")]), maxBody: 10) == .success(.chunked))
        #expect(BodyFraming.of(head([("Transfer-Encoding", "chunked"), ("Content-Length", "3")]), maxBody: 10)
                == .failure(.lengthAndChunked))
        #expect(BodyFraming.of(head([("Transfer-Encoding", "gzip, chunked")]), maxBody: 10) == .failure(.unsupportedTransferCoding))
        #expect(BodyFraming.of(head([("Transfer-Encoding", "chunked")], minor: 0), maxBody: 10)
                == .failure(.malformed("Transfer-Encoding needs HTTP/1.1")))
    }

    private func decode(_ text: String, maxBody: Int = 100) -> ChunkedDecoder.Step {
        var decoder = ChunkedDecoder(maxBody: maxBody, maxTrailerBytes: 64)
        return Array(text.utf8).withUnsafeBytes { decoder.feed($0) }
    }

    @Test func chunkedBodiesDecodeWithinLimits() {
        var decoder = ChunkedDecoder(maxBody: 100, maxTrailerBytes: 64)
        let text = Array("4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: x\r\n\r\nNEXT".utf8)
        #expect(text.withUnsafeBytes { decoder.feed($0) } == .done(consumed: text.count - 4))
        #expect(decoder.body == Array("Wikipedia".utf8))
        #expect(decode("5\r\nabc") == .needMore(consumed: 6))
        #expect(decode("65\r\n", maxBody: 100) == .failed(.bodyTooLarge))
        #expect(decode("zz\r\n") == .failed(.malformed("a chunk size is not hexadecimal")))
        #expect(decode("1234567890abcdef0\r\n") == .failed(.malformed("a chunk size is not hexadecimal")))
        #expect(decode("3\r\nabcXY") == .failed(.malformed("chunk data must end in CRLF")))
        #expect(decode(String(repeating: "0", count: 2000)) == .failed(.malformed("a chunk-size line is too long")))
        #expect(decode("0\r\n" + String(repeating: "T", count: 200)) == .failed(.headTooLarge))
    }

    @Test func chunkedFedInPiecesMatchesWhole() {
        let text = Array("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n".utf8)
        var decoder = ChunkedDecoder(maxBody: 100, maxTrailerBytes: 64)
        var pending: [UInt8] = []
        var finished = false
        for byte in text {
            pending.append(byte)
            switch pending.withUnsafeBytes({ decoder.feed($0) }) {
            case .needMore(let consumed): pending.removeFirst(consumed)
            case .done: finished = true
            case .failed(let problem): Issue.record("failed: \(problem)")
            }
        }
        #expect(finished)
        #expect(decoder.body == Array("Wikipedia".utf8))
    }
}
