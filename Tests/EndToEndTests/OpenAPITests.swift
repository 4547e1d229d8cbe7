import Foundation
import Testing
import Yams

@Suite("docs/openapi.yaml matches the server")
struct OpenAPITests {
    @Test func everyServedRouteIsDocumentedAndNothingElse() async throws {
        let url = TestServer.assetsDirectory.deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")
        let document = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(document["paths"] as? [String: Any])
        var documented = Set<String>()
        for (path, item) in paths {
            for method in (item as? [String: Any] ?? [:]).keys
            where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        // The mounted payment sandbox is documented on its own, in docs/PAYMENT_SANDBOX.md.
        let served = Set(server.server.routes.filter { !$0.pattern.hasPrefix("/sandbox-gateway") }.map { route in
            let path = route.pattern.split(separator: "/").map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            return "\(route.method) /\(path)"
        })
        #expect(served.subtracting(documented).isEmpty, "undocumented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }
}
