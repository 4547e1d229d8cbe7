import FlyingFox
import Foundation
import TicketingProtocol

/// `GET /v1/ws`: authenticates (header or `?token=`), then upgrades to a `SocketSession`.
struct SocketRoutes {
    let ctx: ServerContext
    let dispatcher: SocketDispatcher

    func register(into router: inout Router) {
        router.add(.GET, "/v1/ws") { req in
            let principal = try ctx.auth.principal(req, allowQueryToken: true)
            // HEAD reaches this route too; only a GET may become a WebSocket (RFC 6455 §4.1).
            guard req.request.method == .GET else {
                throw APIFailure.badRequest("not a valid WebSocket upgrade request: the method must be GET")
            }
            let session = SocketSession(principal: principal, dispatcher: dispatcher, metrics: ctx.metrics)
            return try WebSocketUpgrade.response(to: req, handler: session).get()
        }
    }
}
