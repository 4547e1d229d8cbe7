/// One generated HTTP exchange: raw bytes, and whether the server owes an answer to them.
struct HTTPCase {
    var kind: String
    var bytes: [UInt8]
    /// False for cases that are cut short on purpose (truncated bodies): silence is correct.
    var expectsResponse = true
}

/// Seeded mutations of valid API requests, plus oversized and malformed heads and bodies.
struct HTTPCaseMaker {
    var token: String?

    static let routes: [(String, String)] = [
        ("GET", "/health"), ("GET", "/metrics"), ("GET", "/v1/me"), ("GET", "/v1/me/orders"), ("GET", "/v1/me/coupons"),
        ("GET", "/v1/venues"), ("GET", "/v1/venues/v1"), ("GET", "/v1/performances"), ("GET", "/v1/performances/p1"),
        ("GET", "/v1/performances/p1/seats"), ("GET", "/v1/performances/p1/queue/me"), ("POST", "/v1/performances/p1/queue"),
        ("DELETE", "/v1/performances/p1/queue/me"), ("POST", "/v1/performances/p1/holds"), ("DELETE", "/v1/holds/h1"),
        ("POST", "/v1/orders/quote"), ("POST", "/v1/orders"), ("GET", "/v1/orders/o1"), ("POST", "/v1/orders/o1/pay"),
        ("POST", "/v1/orders/o1/cancel"), ("GET", "/v1/coupons"), ("POST", "/v1/coupons"), ("POST", "/v1/coupons/c1/claim"),
        ("POST", "/v1/auth/login"), ("POST", "/v1/auth/signup"), ("POST", "/v1/venues"), ("POST", "/v1/performances"),
        ("GET", "/v1/seller/settlements"), ("GET", "/v1/seller/performances/p1/sales"), ("POST", "/v1/admin/settlements/close"),
        ("PUT", "/v1/admin/sellers/s1/fee-rate"), ("GET", "/v1/admin/platform"),
    ]

    static let bodies: [String] = [
        #"{"email":"fuzz@example.com","password":"correct horse","name":"F","role":"buyer"}"#,
        #"{"email":"fuzz@example.com","password":"correct horse"}"#,
        #"{"seatIds":["A-1","A-2"]}"#, #"{"holdId":"h1","couponId":null}"#, #"{"paymentKey":"k","amount":1000}"#,
        #"{"name":"Hall","rows":10,"cols":10}"#, #"{"feeBasisPoints":500}"#, #"{}"#, "",
    ]

    func make(_ rng: inout SeededGenerator) -> HTTPCase {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<50: return mutatedRequest(&rng)
        case 50..<60: return oversizedHead(&rng)
        case 60..<68: return oversizedBody(&rng)
        case 68..<78: return framingAttack(&rng)
        case 78..<90: return garbage(&rng)
        default: return pipelined(&rng)
        }
    }

    private func mutatedRequest(_ rng: inout SeededGenerator) -> HTTPCase {
        var (method, path) = rng.pick(Self.routes)
        if rng.chance(0.15) { method = rng.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "BREW", "X-\(rng.next() % 100)"]) }
        if rng.chance(0.3) { path = mutatePath(path, &rng) }
        var headers = ["Host: 127.0.0.1", "Content-Type: application/json"]
        if let token, rng.chance(0.5) { headers.append("Authorization: Bearer \(token)") }
        if rng.chance(0.1) { headers.append("Authorization: \(rng.pick(["Bearer", "Bearer x.y.z", "Basic Zm9vOmJhcg==", "Bearer \(String(repeating: "A", count: 3000))"]))") }
        if rng.chance(0.1) { headers.append("Idempotency-Key: \(rng.pick(["k1", "", String(repeating: "k", count: 300), "ü"]))") }
        if rng.chance(0.1) { headers.append("X-Request-Id: \(rng.pick(["abc", "../../etc", String(repeating: "r", count: 500)]))") }
        var body = Array(rng.pick(Self.bodies).utf8)
        if rng.chance(0.7) { body = JSONMutator.mutate(body, &rng) }
        var bytes = Array("\(method) \(path) HTTP/1.1\r\n".utf8)
        for header in headers { bytes += Array("\(header)\r\n".utf8) }
        var expectsResponse = true
        if !body.isEmpty || method == "POST" {
            var declared = body.count
            if rng.chance(0.05) {
                declared = body.count + Int.random(in: 1...50, using: &rng)
                expectsResponse = false
            }
            bytes += Array("Content-Length: \(declared)\r\n".utf8)
        }
        if rng.chance(0.1) { bytes += Array("Connection: \(rng.pick(["close", "keep-alive", "upgrade", "Close, TE"]))\r\n".utf8) }
        bytes += Array("\r\n".utf8) + body
        return HTTPCase(kind: "mutated", bytes: bytes, expectsResponse: expectsResponse)
    }

    private func mutatePath(_ path: String, _ rng: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: return path + "?" + (0..<Int.random(in: 1...20, using: &rng)).map { "k\($0)=%\(String(rng.next() % 256, radix: 16))" }.joined(separator: "&")
        case 1: return path + "/" + String(repeating: "../", count: Int.random(in: 1...50, using: &rng))
        case 2: return path.replacingOccurrences(of: "/", with: "//")
        case 3: return path + "/%00%ff%c0%af"
        case 4: return "/v1/performances/" + String(repeating: "9", count: Int.random(in: 1...2000, using: &rng))
        case 5: return path + "?token=" + String(repeating: "t", count: Int.random(in: 1...3000, using: &rng))
        case 6: return "/" + String(decoding: rng.bytes(Int.random(in: 1...30, using: &rng)).map { $0 % 94 + 33 }, as: UTF8.self)
        default: return "*"
        }
    }

    private func oversizedHead(_ rng: inout SeededGenerator) -> HTTPCase {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            return HTTPCase(kind: "long-line", bytes: Array("GET /\(String(repeating: "a", count: Int.random(in: 8_000...70_000, using: &rng))) HTTP/1.1\r\n\r\n".utf8))
        case 1:
            let count = Int.random(in: 90...400, using: &rng)
            return HTTPCase(kind: "many-fields", bytes: Array(("GET /health HTTP/1.1\r\n" + (0..<count).map { "X-\($0): v\r\n" }.joined() + "\r\n").utf8))
        case 2:
            return HTTPCase(kind: "huge-field", bytes: Array("GET /health HTTP/1.1\r\nX-Big: \(String(repeating: "b", count: Int.random(in: 30_000...200_000, using: &rng)))\r\n\r\n".utf8))
        default:
            // Header bytes with no end at all, past every limit.
            return HTTPCase(kind: "endless-head", bytes: Array("GET /health HTTP/1.1\r\n".utf8) + [UInt8](repeating: 0x41, count: 100_000))
        }
    }

    private func oversizedBody(_ rng: inout SeededGenerator) -> HTTPCase {
        let size = Int.random(in: (1 << 20) + 1...(3 << 20), using: &rng)
        if rng.chance(0.5) {
            // Declared only: the 413 must come without the body being sent.
            return HTTPCase(kind: "declared-huge", bytes: Array("POST /v1/auth/signup HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n{".utf8))
        }
        // Chunks just past the cap: the server must stop reading at 1 MiB, not at the end.
        var bytes = Array("POST /v1/orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let chunk = [UInt8](repeating: 0x20, count: 65536)
        for _ in 0..<(min(size, (1 << 20) + 65536) / 65536 + 1) { bytes += Array("10000\r\n".utf8) + chunk + Array("\r\n".utf8) }
        return HTTPCase(kind: "chunked-huge", bytes: bytes)
    }

    private func framingAttack(_ rng: inout SeededGenerator) -> HTTPCase {
        let heads = [
            "Content-Length: 5\r\nTransfer-Encoding: chunked", "Content-Length: 5\r\nContent-Length: 6", "Content-Length: -1",
            "Content-Length: 1e3", "Content-Length: 99999999999999999999999999", "Transfer-Encoding: gzip",
            "Transfer-Encoding: chunked, chunked", "Transfer-Encoding : chunked", "Content-Length:\t5 ", " Content-Length: 5",
            "Transfer-Encoding: chunked", "Expect: 100-continue\r\nContent-Length: 2",
        ]
        let chunkedBodies = ["5\r\nhello\r\n0\r\n\r\n", "zz\r\nhello\r\n0\r\n\r\n", "5;a=b\r\nhello\r\n0\r\nT: 1\r\n\r\n",
                             "FFFFFFFFFFFFFFFFFF\r\n", "2\r\n{}\r\n0\r\n\r\n", "0\r\n\r\n"]
        let head = rng.pick(heads)
        let body = head.contains("chunked") ? rng.pick(chunkedBodies) : "{}\r\n\r\n"
        let version = rng.pick(["HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.10", "http/1.1"])
        return HTTPCase(kind: "framing", bytes: Array("POST /v1/auth/login \(version)\r\nHost: x\r\n\(head)\r\n\r\n\(body)".utf8))
    }

    private func garbage(_ rng: inout SeededGenerator) -> HTTPCase {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return HTTPCase(kind: "random-bytes", bytes: rng.bytes(Int.random(in: 1...3000, using: &rng)) + Array("\r\n\r\n".utf8))
        case 1: return HTTPCase(kind: "bare-lf", bytes: Array("GET /health HTTP/1.1\nHost: x\n\n".utf8))
        case 2: return HTTPCase(kind: "nul-in-head", bytes: Array("GET /health HTTP/1.1\r\nX: a\0b\r\n\r\n".utf8))
        case 3: return HTTPCase(kind: "obs-fold", bytes: Array("GET /health HTTP/1.1\r\nX: a\r\n  b\r\n\r\n".utf8))
        default:
            var bytes = Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[index] = UInt8.random(in: 0...255, using: &rng)
            }
            return HTTPCase(kind: "flipped-bytes", bytes: bytes)
        }
    }

    private func pipelined(_ rng: inout SeededGenerator) -> HTTPCase {
        let count = Int.random(in: 2...20, using: &rng)
        var bytes: [UInt8] = []
        for _ in 0..<count { bytes += Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8) }
        return HTTPCase(kind: "pipelined", bytes: bytes)
    }
}
