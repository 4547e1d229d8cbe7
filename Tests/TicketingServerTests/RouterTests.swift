import FlyingFox
import Testing
@testable import TicketingServer

/// Routing by segments: literals beat parameters, 405 lists the methods of the most specific
/// pattern, HEAD is served by GET, and only the answering route binds its parameters.
@Suite("Router")
struct RouterTests {
    private var router: Router {
        var router = Router()
        let answer: Router.Handler = { _ in HTTPResponse(statusCode: .ok) }
        router.add(.GET, "/v1/orders/:id", answer)
        router.add(.POST, "/v1/orders/quote", answer)
        router.add(.POST, "/v1/performances/:id/queue", answer)
        router.add(.GET, "/v1/performances/:id/queue", answer)
        router.add(.GET, "/v1/performances/:id/queue/me", answer)
        router.add(.GET, "/health", answer)
        return router
    }

    private func found(_ method: HTTPMethod, _ path: String) -> (String, [String: String])? {
        guard case .found(let route, let params) = router.match(method: method, path: path) else { return nil }
        return (route.pattern, params)
    }

    @Test func literalsBeatParameters() {
        #expect(found(.POST, "/v1/orders/quote")?.0 == "/v1/orders/quote")
        guard case .methodNotAllowed(let allowed) = router.match(method: .GET, path: "/v1/orders/quote") else {
            Issue.record("GET on the quote route must be 405, not an order lookup")
            return
        }
        #expect(allowed == [.POST])
        #expect(found(.GET, "/v1/orders/ord_1")?.1 == ["id": "ord_1"])
    }

    @Test func methodsOfOnePattern() {
        #expect(found(.POST, "/v1/performances/prf_1/queue")?.1 == ["id": "prf_1"])
        #expect(found(.HEAD, "/v1/performances/prf_1/queue")?.0 == "/v1/performances/:id/queue")
        guard case .methodNotAllowed(let allowed) = router.match(method: .DELETE, path: "/v1/performances/p/queue") else {
            Issue.record("DELETE must be 405")
            return
        }
        #expect(Set(allowed) == [.POST, .GET, .HEAD])
    }

    @Test func pathsAndParameters() {
        #expect(found(.GET, "/v1/performances/a%20b/queue/me")?.1 == ["id": "a b"])
        #expect(found(.GET, "//health/")?.0 == "/health")
        for path in ["/", "/v1", "/v1/performances/p/queue/me/x", "/v1/performances//queue", "/healthz"] {
            guard case .notFound = router.match(method: .GET, path: path) else {
                Issue.record("\(path) must be 404")
                continue
            }
        }
    }
}
