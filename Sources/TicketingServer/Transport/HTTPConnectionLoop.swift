import FlyingFox
import FlyingSocks
import Foundation
import TicketingNet
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 connection: reads heads and bodies within their limits and deadlines, hands
/// each request to the API handler, writes the answer, and keeps the connection while both
/// sides want it. A WebSocket upgrade turns the connection over to `WebSocketLoop`.
struct HTTPConnectionLoop {
    let socket: Socket
    let pool: any AsyncSocketPool
    let watch: ConnectionWatch
    let settings: TransportSettings
    let handler: any HTTPHandler
    let remote: HTTPRequest.Address?
    let stopping: StopFlag

    private static let http11 = HTTPVersion("HTTP/1.1")

    private enum Outcome {
        case request(HTTPRequest, HeaderIndex, keepAlive: Bool)
        case refuse(HTTPResponse)
        case gone
    }

    /// A connection turned over to WebSocket: what the caller runs next, in a task of its own.
    struct Upgrade: Sendable {
        let handler: any WSHandler
        let reader: SocketReader
    }

    /// Serves requests until the connection ends or asks for an upgrade, which it returns.
    func run() async -> Upgrade? {
        var reader = SocketReader(socket: socket, pool: pool)
        var parser = HeadParser(limits: settings.head)
        let indexed = handler as? any IndexedHTTPHandler
        var upgraded: (any WSHandler)?
        var answered = false
        serving: while !(stopping.isSet && reader.isEmpty) {
            let outcome = await readRequest(&reader, parser: &parser, fillHeaders: indexed == nil, afterAnswer: answered)
            answered = true
            switch outcome {
            case .gone:
                return nil
            case .refuse(let response):
                guard await write(TransportResponses.encode(response, body: await body(of: response), connection: "close",
                                                            headOnly: false)) else { return nil }
                await lingeringClose(&reader)
                return nil
            case .request(let request, let headers, let keepAlive):
                let response: HTTPResponse
                do {
                    if let indexed {
                        response = try await indexed.handleRequest(request, headers: headers)
                    } else {
                        response = try await handler.handleRequest(request)
                    }
                } catch {
                    response = APIFailure.internalError.response
                }
                if case .webSocket(let wsHandler) = response.payload {
                    // A WebSocket answer to a plain request is the payment sandbox's "lost
                    // response" fault (as under FlyingFox): the connection ends without a byte.
                    guard request.method == .GET, headers.value("Upgrade")?.lowercased() == "websocket" else { return nil }
                    let head = TransportResponses.encode(response, body: Data(), connection: nil, headOnly: true)
                    guard await write(head) else { return nil }
                    // Run the socket outside this scope: the upgrade request and response
                    // would otherwise stay alive for the whole life of a subscriber.
                    upgraded = wsHandler
                    break serving
                }
                let close = !keepAlive || stopping.isSet || TransportResponses.asksToClose(response)
                // HTTP/1.0 keeps a connection only when the answer says so.
                let connection: String? = close ? "close" : (request.version == .http11 ? nil : "keep-alive")
                let encoded = TransportResponses.encode(response, body: await body(of: response), connection: connection,
                                                        headOnly: request.method == .HEAD)
                guard await write(encoded) else { return nil }
                if close {
                    // The peer meant to go on (or already has): what it still sends must not
                    // turn our close into a reset that destroys this answer.
                    if keepAlive || !reader.isEmpty { await lingeringClose(&reader) }
                    return nil
                }
            }
        }
        return upgraded.map { Upgrade(handler: $0, reader: reader) }
    }

    /// Closing a socket with unread input makes the kernel send a reset, and a reset destroys
    /// the answer still in the peer's receive buffer: a client that writes its whole body
    /// before reading (http.client, requests, most SDKs) would see EPIPE or ECONNRESET instead
    /// of our 413. So, as nginx does: half-close (the peer reads the answer, then end of input),
    /// read and drop what still arrives for a bounded time and size, and only then close.
    private func lingeringClose(_ reader: inout SocketReader) async {
        shutdown(socket.file.rawValue, Int32(SHUT_WR))
        // Nothing is owed any more: server stop may cut the connection at once.
        watch.idle.store(true, ordering: .releasing)
        let end = ContinuousClock.now + settings.lingerTime
        var dropped = 0
        while dropped < settings.lingerBytes {
            let left = end - ContinuousClock.now
            guard left > .zero else { break }
            watch.readBy(min(settings.lingerTimeout, left))
            let got = (try? await reader.discard()) ?? 0
            guard got > 0 else { break }
            dropped += got
        }
        watch.readBy(nil)
    }

    private func body(of response: HTTPResponse) async -> Data {
        (try? await response.bodyData) ?? Data()
    }

    /// Writes within the body deadline; false when the peer is gone or too slow.
    @discardableResult
    private func write(_ data: Data) async -> Bool {
        watch.writeBy(settings.bodyTimeout)
        defer { watch.writeBy(nil) }
        do {
            try await socket.writeAll(data, pool: pool)
            return true
        } catch {
            return false
        }
    }

    /// `fillHeaders`: whether the handler reads `HTTPRequest.headers`; the API handler reads the
    /// `HeaderIndex` and builds FlyingFox's headers only where a route needs them.
    /// `afterAnswer`: a request was answered on this connection before (see `SocketReader.fill`).
    private func readRequest(_ reader: inout SocketReader, parser: inout HeadParser, fillHeaders: Bool,
                             afterAnswer: Bool) async -> Outcome {
        let startedEmpty = reader.isEmpty
        watch.idle.store(startedEmpty, ordering: .releasing)
        // The head deadline runs from a request's first byte; before it, only the idle limit. A
        // fresh connection counts as idle: the TLS terminator and starved clients may connect
        // well before they send, and a silent peer is bounded by the idle limit and the cap.
        watch.readBy(startedEmpty ? settings.idleTimeout : settings.headTimeout)
        var sawBytes = !startedEmpty
        let head: RequestHead
        while true {
            switch reader.withUnread({ parser.parse($0) }) {
            case .complete(let parsed, let consumed):
                reader.consume(consumed)
                head = parsed
            case .failed(let problem):
                return refuse(TransportResponses.failure(problem), head: nil)
            case .incomplete:
                let more = (try? await reader.fill(waitingFirst: afterAnswer && !sawBytes)) ?? false
                guard more else {
                    return sawBytes && watch.expired ? refuse(TransportResponses.headTimeout, head: nil) : .gone
                }
                if !sawBytes {
                    sawBytes = true
                    watch.idle.store(false, ordering: .releasing)
                    watch.readBy(settings.headTimeout)
                }
                continue
            }
            break
        }
        let method = HTTPMethod(rawValue: head.method)
        let target: RequestTarget
        switch RequestTarget.of(head) {
        case .success(let found): target = found
        case .failure(let problem): return refuse(TransportResponses.failure(problem), head: head)
        }
        let framing: BodyFraming
        switch BodyFraming.of(head, maxBody: settings.maxBodyBytes) {
        case .success(let found): framing = found
        case .failure(let problem): return refuse(TransportResponses.failure(problem), head: head)
        }
        var headers = HTTPHeaders()
        var fields = head.fields
        if target.absolute {
            // RFC 9112 §3.2.2: an absolute-form target's authority replaces Host.
            fields.removeAll { RequestHead.sameName($0.name, "Host") }
            if let authority = target.authority { fields.append(HeadField(name: "Host", value: authority)) }
        }
        if fillHeaders {
            for field in fields { headers.addValue(field.value, for: HTTPHeader(field.name)) }
        }
        if framing != .none, head.value("Expect")?.lowercased() == "100-continue",
           !(await write(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))) {
            return .gone
        }
        watch.readBy(settings.bodyTimeout)
        let body: Data
        switch await readBody(framing, &reader) {
        case .success(let data): body = data
        case .failure(let problem):
            if problem == .malformed("timeout") {
                return watch.expired ? refuse(TransportResponses.headTimeout, head: head) : .gone
            }
            return refuse(TransportResponses.failure(problem), head: head)
        }
        watch.readBy(nil)
        let version = head.minorVersion == 1 ? Self.http11 : HTTPVersion("HTTP/1.\(head.minorVersion)")
        let tokens = (head.value("Connection") ?? "").lowercased().split(separator: ",").map { $0.trimmingWhitespace() }
        let keepAlive = head.minorVersion == 1 ? !tokens.contains("close") : tokens.contains("keep-alive")
        let request = RequestMaker.make(method: method, version: version, path: target.path, query: target.query,
                                        headers: headers, body: body, remote: remote)
        return .request(request, HeaderIndex(fields: fields), keepAlive: keepAlive)
    }

    /// The transport's own answers carry an `X-Request-Id` like every route's (the caller's when
    /// the head got far enough to have one).
    private func refuse(_ response: HTTPResponse, head: RequestHead?) -> Outcome {
        var response = response
        response.headers[HTTPHeader("X-Request-Id")] = RequestIds.id(given: head?.value("X-Request-Id"))
        return .refuse(response)
    }

    /// `.malformed("timeout")` stands for "input ended": by deadline or by the peer.
    private func readBody(_ framing: BodyFraming, _ reader: inout SocketReader) async -> Result<Data, HeadProblem> {
        switch framing {
        case .none:
            return .success(Data())
        case .length(let length):
            while reader.count < length {
                guard (try? await reader.fill()) ?? false else { return .failure(.malformed("timeout")) }
            }
            return .success(Data(reader.take(length)))
        case .chunked:
            var decoder = ChunkedDecoder(maxBody: settings.maxBodyBytes, maxTrailerBytes: settings.head.maxHeadBytes)
            while true {
                switch reader.withUnread({ decoder.feed($0) }) {
                case .done(let consumed):
                    reader.consume(consumed)
                    return .success(Data(decoder.body))
                case .failed(let problem):
                    return .failure(problem)
                case .needMore(let consumed):
                    reader.consume(consumed)
                    guard (try? await reader.fill()) ?? false else { return .failure(.malformed("timeout")) }
                }
            }
        }
    }
}
