import FlyingFox
import Foundation
import TicketingProtocol

/// `GET /health` and `GET /metrics`: public, for load balancers and Prometheus.
struct SystemRoutes {
    let ctx: ServerContext

    func register(into router: inout Router) {
        router.add(.GET, "/health") { _ in
            .json(.ok, HealthResponse(status: "ok"))
        }
        router.add(.GET, "/metrics") { [metrics = ctx.metrics] _ in
            HTTPResponse(statusCode: .ok,
                         headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                         body: Data(await metrics.scrape().utf8))
        }
    }
}
