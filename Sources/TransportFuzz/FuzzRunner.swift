import Foundation
import Synchronization

/// Runs seeded cases against a live server on 127.0.0.1 and checks `/health` after every
/// batch. Blocking: call it from a thread of its own, never from Swift's cooperative pool.
public struct FuzzRunner: Sendable {
    public struct Options: Sendable {
        public var port: UInt16
        public var cases = 1_000
        public var seed: UInt64 = 1
        public var timeLimit: Double = 600
        public var workers = 2
        public var batch = 50
        /// Per read; a server that keeps quiet longer on a complete request counts as stalled.
        public var receiveTimeout = 10.0
        /// Process whose peak RSS is reported (the server's when it runs apart).
        public var serverPID: Int32?
        /// Replays one case instead of the run.
        public var onlyCase: Int?

        public init(port: UInt16) {
            self.port = port
        }
    }

    let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// The case `index` of a seed is the same on every run and every worker.
    static func generator(seed: UInt64, index: Int) -> SeededGenerator {
        var mixer = SeededGenerator(state: seed ^ (UInt64(index) &* 0x2545_F491_4F6C_DD1D))
        return SeededGenerator(state: mixer.next())
    }

    public func run() -> FuzzReport {
        let started = Date()
        var report = FuzzReport()
        let token = signUp()
        let slowloris = Slowloris(port: options.port)
        let range = options.onlyCase.map { $0..<($0 + 1) } ?? 0..<options.cases
        var next = range.lowerBound
        while next < range.upperBound, Date().timeIntervalSince(started) < options.timeLimit {
            let batch = next..<min(next + options.batch, range.upperBound)
            let merged = Mutex(FuzzReport())
            let indices = Array(batch)
            let workers = min(options.workers, indices.count)
            let finished = DispatchSemaphore(value: 0)
            // Threads of their own, not Dispatch's global queues: on Linux those are the
            // cooperative pool that an in-process server runs on.
            for worker in 0..<workers {
                Thread.detachNewThread { [self] in
                    var local = FuzzReport()
                    for position in stride(from: worker, to: indices.count, by: workers) {
                        runCase(indices[position], token: token, into: &local)
                    }
                    merged.withLock { $0.merge(local) }
                    finished.signal()
                }
            }
            for _ in 0..<workers { finished.wait() }
            report.merge(merged.withLock { $0 })
            next = batch.upperBound
            slowloris.step()
            report.healthChecks += 1
            if !healthy() {
                report.crashes += 1
                report.finding("health check failed after case \(next - 1)")
                if !healthy() { break }
            }
        }
        let (opened, cut) = slowloris.finish(waitingUpTo: 15)
        report.slowlorisOpened = opened
        report.slowlorisCutByServer = cut
        report.seconds = Date().timeIntervalSince(started)
        report.peakRSSKiB = FuzzReport.peakRSS(pid: options.serverPID ?? getpid())
        return report
    }

    private func runCase(_ index: Int, token: String?, into report: inout FuzzReport) {
        var rng = Self.generator(seed: options.seed, index: index)
        report.casesSent += 1
        if token != nil, rng.chance(0.25) {
            let wsCase = WSCaseMaker.make(&rng)
            report.byKind[wsCase.kind, default: 0] += 1
            runWebSocket(wsCase, index: index, token: token!, into: &report)
        } else {
            let httpCase = HTTPCaseMaker(token: token).make(&rng)
            report.byKind[httpCase.kind, default: 0] += 1
            runHTTP(httpCase, index: index, into: &report)
        }
    }

    private func runHTTP(_ testCase: HTTPCase, index: Int, into report: inout FuzzReport) {
        guard let wire = FuzzWire(port: options.port, receiveTimeout: options.receiveTimeout) else {
            report.finding("case \(index) (\(testCase.kind)): could not connect")
            return
        }
        wire.send(testCase.bytes)
        wire.finishSending()
        let (bytes, end) = wire.read { _ in false }
        let responses = ResponseBytes.all(bytes)
        if responses.isEmpty {
            if end == .timedOut, testCase.expectsResponse {
                report.stalled += 1
                report.finding("case \(index) (\(testCase.kind)): no answer within \(options.receiveTimeout) s")
            } else {
                report.closedWithoutAnswer += 1
            }
        }
        for response in responses {
            report.statuses[response.status, default: 0] += 1
            if response.status >= 500, response.status != 501 {
                report.serverFaults += 1
                report.finding("case \(index) (\(testCase.kind)): \(response.status) \(String(decoding: response.body.prefix(200), as: UTF8.self))")
            }
            if response.status >= 400, !ResponseBytes.isErrorEnvelope(response.body) {
                report.nonJSONErrors += 1
                report.finding("case \(index) (\(testCase.kind)): \(response.status) without a JSON error body")
            }
        }
    }

    private func runWebSocket(_ testCase: WSCase, index: Int, token: String, into report: inout FuzzReport) {
        report.webSocketCases += 1
        guard let wire = FuzzWire(port: options.port, receiveTimeout: options.receiveTimeout) else { return }
        wire.send(Array(("GET /v1/ws?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
        let (head, _) = wire.read { ResponseBytes.find(Array("\r\n\r\n".utf8), in: $0) != nil }
        guard String(decoding: head.prefix(12), as: UTF8.self) == "HTTP/1.1 101" else {
            report.webSocketUnexpected += 1
            report.finding("case \(index) (\(testCase.kind)): upgrade refused: \(String(decoding: head.prefix(80), as: UTF8.self))")
            return
        }
        let headEnd = (ResponseBytes.find(Array("\r\n\r\n".utf8), in: head) ?? 0) + 4
        wire.send(testCase.frames)
        if testCase.allowedCloseCodes.isEmpty || testCase.kind == "ws-random-bytes" {
            wire.send(WSCaseMaker.frame(0x88, [0x03, 0xE8]))
        }
        // End of input lets the server finish a frame that random bytes left open.
        wire.finishSending()
        let (bytes, end) = wire.read { WSFrames.closeCode(Array($0)) != nil }
        let frames = Array(head[headEnd...]) + bytes
        let code = WSFrames.closeCode(frames)
        if let code { report.webSocketCloseCodes[code, default: 0] += 1 }
        let expected = testCase.allowedCloseCodes.isEmpty ? [UInt16(1000)] : testCase.allowedCloseCodes
        // Random bytes can declare a long frame that swallows our close (silence is correct then),
        // or be a valid close frame themselves, which the server echoes (1005 when empty).
        let random = testCase.kind == "ws-random-bytes"
        let quietAllowed = random && end != .done
        let accepted = code.map { expected.contains($0) || (random && Self.echoable($0)) } ?? quietAllowed
        if !accepted {
            report.webSocketUnexpected += 1
            report.finding("case \(index) (\(testCase.kind)): close code \(code.map(String.init) ?? "none") (\(end)), expected \(expected.sorted())")
        }
    }

    /// Codes a client may send in a close frame (RFC 6455 §7.4), plus 1005 for an empty one.
    static func echoable(_ code: UInt16) -> Bool {
        (1000...1003).contains(code) || code == 1005 || (1007...1014).contains(code) || (3000...4999).contains(code)
    }

    /// A buyer account for authenticated routes and WebSocket upgrades; nil when signup is refused.
    private func signUp() -> String? {
        let body = #"{"email":"fuzz-\#(UUID().uuidString)@example.com","password":"correct horse","name":"Fuzz","role":"buyer"}"#
        guard let wire = FuzzWire(port: options.port, receiveTimeout: 30) else { return nil }
        wire.send(Array("POST /v1/auth/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8))
        let (bytes, _) = wire.read { _ in false }
        guard let response = ResponseBytes.all(bytes).first, response.status == 201 || response.status == 200,
              let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else { return nil }
        return object["token"] as? String
    }

    func healthy() -> Bool {
        guard let wire = FuzzWire(port: options.port, receiveTimeout: 30) else { return false }
        wire.send(Array("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        let (bytes, _) = wire.read { _ in false }
        return ResponseBytes.all(bytes).first?.status == 200
    }
}

/// Slow heads, one more opened and one byte more dripped into each per batch; the server
/// must cut them by its head deadline. Not Sendable: only the thread running `FuzzRunner.run`
/// touches it, between batches.
final class Slowloris {
    private let port: UInt16
    private var open: [FuzzWire] = []
    private(set) var opened = 0
    private(set) var cut = 0

    init(port: UInt16) {
        self.port = port
    }

    func step() {
        collect()
        if open.count < 16, let wire = FuzzWire(port: port, receiveTimeout: 1) {
            wire.send(Array("GET /health HTTP/1.1\r\nHost: x\r\nX-Drip: ".utf8))
            open.append(wire)
            opened += 1
        }
        for wire in open { wire.send([0x61]) }
    }

    private func collect() {
        let before = open.count
        open.removeAll { $0.peerClosed() }
        cut += before - open.count
    }

    /// Waits for the server to cut the rest; returns (opened, cut by the server).
    func finish(waitingUpTo seconds: Double) -> (Int, Int) {
        let deadline = Date().addingTimeInterval(seconds)
        while !open.isEmpty, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            collect()
        }
        return (opened, cut)
    }
}
