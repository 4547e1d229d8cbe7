import FlyingFox
import Foundation
import PaymentSandbox

/// `qticketd alerts`: an Alertmanager webhook receiver that forwards each notification to a chat
/// room as a Slack message. Answers 200 once the room took it, 400 for a body that is not a
/// version-4 webhook (Alertmanager would resend it in vain), 502 when the room kept failing
/// (Alertmanager retries the notification itself).
public actor AlertRelayServer {
    private let server: HandlerServer

    public init(host: String, port: UInt16, forwarder: AlertForwarder) throws {
        server = try HandlerServer(host: host, port: port, timeout: 120, noDelay: false,
                                   handler: AlertRelayHandler(forwarder: forwarder))
    }

    public func start() async throws { try await server.start() }

    public func port() async throws -> UInt16 { try await server.port() }

    public func stop(timeout: TimeInterval = 1) async { await server.stop(timeout: timeout) }
}

struct AlertRelayHandler: HTTPHandler {
    let forwarder: AlertForwarder
    static let maxBody = 1 << 20

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.method == .GET, request.path == "/health" { return Self.reply(200, ["status": "ok"]) }
        guard request.method == .POST else {
            return Self.reply(405, ["error": "POST the Alertmanager webhook JSON here"])
        }
        var body = Data()
        for try await chunk in request.bodySequence {
            body.append(chunk)
            if body.count > Self.maxBody { return Self.reply(413, ["error": "the body is larger than 1 MiB"]) }
        }
        let hook: AlertmanagerWebhook
        do {
            hook = try AlertmanagerWebhook.decode(body)
        } catch {
            return Self.reply(400, ["error": error.description])
        }
        do {
            try await forwarder.send(SlackMessage.make(from: hook))
            return Self.reply(200, ["status": "forwarded", "alerts": "\(hook.alerts.count)"])
        } catch {
            return Self.reply(502, ["error": error.description])
        }
    }

    static func reply(_ status: Int, _ fields: [String: String]) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: phrase(status)),
                            headers: [.contentType: "application/json; charset=utf-8"], body: body)
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 405: "Method Not Allowed"
        case 413: "Content Too Large"
        default: "Bad Gateway"
        }
    }
}
