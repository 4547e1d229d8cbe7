import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol
import Yams

@Suite("docs/openapi.yaml matches the server")
struct OpenAPITests {
    static func document() throws -> [String: Any] {
        let url = TestServer.assetsDirectory.deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")
        return try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
    }

    /// The value at a path of keys, e.g. `["paths", "/v1/ws", "get", "description"]`.
    static func value(_ document: [String: Any], _ keys: [String]) -> Any? {
        keys.reduce(document as Any?) { node, key in (node as? [String: Any])?[key] }
    }

    static func schema(_ document: [String: Any], _ name: String) throws -> [String: Any] {
        try #require(value(document, ["components", "schemas", name]) as? [String: Any], "schema \(name)")
    }

    @Test func everyServedRouteIsDocumentedAndNothingElse() async throws {
        let document = try Self.document()
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

    /// The subscriptions `/v1/ws` describes are the ones the server registers: an unknown type is
    /// answered with the known ones, and each must be in the spec's enum and description.
    @Test func theWebSocketDescribesEveryRegisteredSubscription() async throws {
        let document = try Self.document()
        let description = try #require(Self.value(document, ["paths", "/v1/ws", "get", "description"]) as? String)
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (_, auth) = try await server.signedUp("buyer")
        let socket = WebSocketClient()
        try await socket.connect(host: "127.0.0.1", port: server.port, path: "/v1/ws?token=\(auth.token)", headers: [:])
        try await socket.send(text: #"{"type":"no.such.type","performanceId":"prf_x"}"#)
        let reply = try await socket.nextJSON(SocketErrorMessage.self, timeout: 30)
        await socket.close(code: 1000, reason: "done")
        let known = try #require(reply.message.split(separator: "(known: ").last?.dropLast())
        let registered = Set(known.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(registered == ["queue.subscribe", "seats.subscribe", "unsubscribe", "sales.subscribe", "sales.unsubscribe"],
                "\(reply.message)")
        let client = try Self.schema(document, "SocketClientMessage")
        let types = try #require(Self.value(client, ["properties", "type", "enum"]) as? [String])
        #expect(Set(types) == registered)
        for type in registered { #expect(description.contains("`\(type)`"), "\(type) is described") }
        #expect(!description.contains("no type is registered"))
    }

    /// Every message the server pushes is one branch of `SocketServerMessage`, keyed by its `type`.
    @Test func theWebSocketDocumentsEveryServerMessage() throws {
        let document = try Self.document()
        let now = Date()
        let pushed = [
            QueueStatusPush(performanceId: "p", status: QueueStatusDTO(state: "waiting", position: 1, ahead: 0, etaSeconds: 0, mayMissOut: false)).type,
            QueueAdmittedPush(performanceId: "p", admissionToken: "t", tokenExpiresAt: now).type,
            SeatsSnapshotPush(performanceId: "p", version: 0, seats: []).type,
            SeatsDeltaPush(performanceId: "p", version: 1, changes: []).type,
            OrderUpdatedPush(orderId: "o", status: "paid", failureCode: nil).type,
            HoldExpiredPush(holdId: "h", performanceId: "p").type,
            SocketErrorMessage(code: .badRequest, message: "m").type,
        ]
        let mapping = try #require(Self.value(try Self.schema(document, "SocketServerMessage"),
                                              ["discriminator", "mapping"]) as? [String: String])
        #expect(Set(mapping.keys) == Set(pushed))
        let description = try #require(Self.value(document, ["paths", "/v1/ws", "get", "description"]) as? String)
        for type in pushed { #expect(description.contains("`\(type)`"), "\(type) is described") }
        for (type, reference) in mapping {
            let name = String(reference.split(separator: "/").last ?? "")
            let schema = try Self.schema(document, name)
            #expect(Self.value(schema, ["properties", "type", "enum"]) as? [String] == [type], "\(name)")
        }
    }

    /// Pay refuses an empty or over-long `paymentKey` with 400; the spec says so and bounds it.
    @Test func payDocumentsItsBadRequest() throws {
        let document = try Self.document()
        let pay = try #require(Self.value(document, ["paths", "/v1/orders/{id}/pay", "post"]) as? [String: Any])
        #expect(Self.value(pay, ["responses", "400"]) != nil)
        let key = try #require(Self.value(try Self.schema(document, "PayRequest"), ["properties", "paymentKey"]) as? [String: Any])
        #expect(key["minLength"] as? Int == 1 && key["maxLength"] as? Int == 200)
    }

    /// A body the server validates can be refused with 400, so every operation with one documents it.
    @Test func everyOperationWithABodyDocumentsBadRequest() throws {
        let paths = try #require(try Self.document()["paths"] as? [String: Any])
        var missing: [String] = []
        for (path, item) in paths {
            for (method, operation) in item as? [String: Any] ?? [:] {
                guard let operation = operation as? [String: Any], operation["requestBody"] != nil else { continue }
                if Self.value(operation, ["responses", "400"]) == nil { missing.append("\(method.uppercased()) \(path)") }
            }
        }
        #expect(missing.isEmpty, "\(missing.sorted())")
    }

    /// A coupon's parameters depend on its kind: one schema per kind, chosen by `kind`.
    @Test func couponKindsAreADiscriminatedUnion() throws {
        let document = try Self.document()
        let request = try Self.schema(document, "CreateCouponRequest")
        let branches = try #require(request["oneOf"] as? [[String: Any]])
        let mapping = try #require(Self.value(request, ["discriminator", "mapping"]) as? [String: String])
        #expect(Self.value(request, ["discriminator", "propertyName"]) as? String == "kind")
        #expect(Set(mapping.keys) == Set(CouponKindRegistry.standard.names))
        #expect(branches.count == mapping.count)
        let fixed = try Self.schema(document, "CreateFixedCouponRequest")
        let percentage = try Self.schema(document, "CreatePercentageCouponRequest")
        #expect(Self.requiredFields(document, fixed).contains("amount"))
        #expect(Self.requiredFields(document, percentage).contains("percent"))
    }

    /// `required` of a schema, following one level of `allOf`.
    static func requiredFields(_ document: [String: Any], _ schema: [String: Any]) -> Set<String> {
        var fields = Set(schema["required"] as? [String] ?? [])
        for part in schema["allOf"] as? [[String: Any]] ?? [] {
            fields.formUnion(part["required"] as? [String] ?? [])
            if let reference = part["$ref"] as? String, let name = reference.split(separator: "/").last,
               let shared = try? Self.schema(document, String(name)) {
                fields.formUnion(shared["required"] as? [String] ?? [])
            }
        }
        return fields
    }
}
