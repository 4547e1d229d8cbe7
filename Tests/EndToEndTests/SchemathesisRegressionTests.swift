import Foundation
import Testing
import TicketingClient
import TicketingProtocol

/// Findings of `scripts/schemathesis.sh` against docs/openapi.yaml, kept fixed.
@Suite("Schemathesis findings stay fixed")
struct SchemathesisRegressionTests {
    private func errorCode(_ response: ClientResponse) -> String? {
        (try? WireJSON.decode(ErrorEnvelope.self, from: response.body))?.error.code
    }

    private func allowed(_ response: ClientResponse) -> Set<String> {
        Set((response.headers["allow"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    @Test func aWrongMethodListsEveryAllowedMethod() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let api = server.client()
        // POST joins and GET reads the stats: both must be named, not only the last one added.
        let queue = try await api.send(method: "DELETE", path: "/v1/performances/prf_x/queue", body: nil, headers: [:])
        #expect(queue.status == 405 && errorCode(queue) == "method_not_allowed")
        #expect(allowed(queue) == ["GET", "HEAD", "POST"])
        let coupons = try await api.send(method: "PATCH", path: "/v1/coupons", body: nil, headers: [:])
        #expect(coupons.status == 405 && allowed(coupons) == ["GET", "HEAD", "POST"])
    }

    @Test func literalSegmentsWinOverParameters() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (buyer, _) = try await server.signedUp("buyer")
        // `quote` is a route of its own, not the order id of `GET /v1/orders/:id`.
        let quote = try await buyer.send(method: "GET", path: "/v1/orders/quote", body: nil, headers: [:])
        #expect(quote.status == 405 && errorCode(quote) == "method_not_allowed")
        #expect(allowed(quote) == ["POST"])
        // `me` under a performance's queue likewise.
        let me = try await buyer.send(method: "POST", path: "/v1/performances/prf_x/queue/me", body: nil, headers: [:])
        #expect(me.status == 405 && allowed(me) == ["DELETE", "GET", "HEAD"])
        // Parameters still match everything that is not a literal.
        let order = try await buyer.send(method: "GET", path: "/v1/orders/ord_missing", body: nil, headers: [:])
        #expect(order.status == 404 && errorCode(order) == "not_found")
        let other = try await buyer.send(method: "GET", path: "/v1/performances/prf_missing/queue/me", body: nil, headers: [:])
        #expect(other.status == 404)
    }

    @Test(arguments: ["+24:00", "-24:00", "+99:59", "-99:00", "+09:60", "+0900", "+9:00", "+09:00Z", ""])
    func zoneOffsetsOutsideRFC3339AreNoTime(offset: String) {
        #expect(RFC3339.parse("2027-01-01T19:00:00" + offset) == nil, "\(offset)")
        #expect(RFC3339.parse("2027-01-01T19:00:00.250" + offset) == nil, "\(offset)")
    }

    /// RFC 3339's `time-numoffset` allows any hour up to 23, beyond `TimeZone`'s ±18:00.
    @Test func zoneOffsetsUpToTwentyThreeFiftyNineParse() throws {
        let utc = try #require(RFC3339.parse("2027-01-01T10:00:00Z"))
        #expect(RFC3339.parse("2027-01-01T19:00:00+09:00") == utc)
        #expect(RFC3339.parse("2027-01-01T19:00:00.000+09:00") == utc)
        #expect(RFC3339.parse("2027-01-02T04:00:00+18:00") == utc)
        #expect(RFC3339.parse("2026-12-31T16:00:00-18:00") == utc)
        #expect(RFC3339.parse("2027-01-02T09:59:00+23:59") == utc)
        #expect(RFC3339.parse("2026-12-31T10:01:00-23:59") == utc)
        #expect(RFC3339.parse("2027-01-01t10:00:00.5z") == utc.addingTimeInterval(0.5))
    }

    @Test(arguments: ["2027-02-29T10:00:00Z", "2027-13-01T10:00:00Z", "2027-01-01T24:00:00Z", "2027-01-01T10:60:00Z",
                      "2027-01-01T10:00:61Z", "2027-01-01 10:00:00Z", "2027-01-01T10:00:00.Z", "27-01-01T10:00:00Z"])
    func impossibleDatesAndTimesAreNoTime(text: String) {
        #expect(RFC3339.parse(text) == nil, "\(text)")
    }

    @Test func datesFollowTheGregorianCalendar() throws {
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(RFC3339.parse("2028-02-29T00:00:00Z") == Date(timeIntervalSince1970: 1_835_395_200))
        #expect(RFC3339.parse("2000-03-01T00:00:00Z") == Date(timeIntervalSince1970: 951_868_800))
        #expect(RFC3339.parse("0001-01-01T00:00:00Z") == Date(timeIntervalSince1970: -62_135_596_800))
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(RFC3339.parse(RFC3339.format(now)) == now)
    }

    @Test func aBodyTimeWithAnImpossibleOffsetIsAValidationError() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (seller, _) = try await server.signedUp("seller")
        let hall = try VenuePerformanceTests.hall("theatre.hall")
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        let request = VenuePerformanceTests.request(venueId: venue.id, hall: hall)
        func create(startsAt: String) async throws -> ClientResponse {
            var body = try #require(try JSONSerialization.jsonObject(with: WireJSON.encode(request)) as? [String: Any])
            body["startsAt"] = startsAt
            return try await seller.send(method: "POST", path: "/v1/performances",
                                         body: try JSONSerialization.data(withJSONObject: body),
                                         headers: ["Content-Type": "application/json"])
        }
        let impossible = try await create(startsAt: "2027-06-01T19:00:00+24:00")
        #expect(impossible.status == 400 && errorCode(impossible) == "bad_request",
                "\(String(decoding: impossible.body, as: UTF8.self))")
        let fine = try await create(startsAt: "2027-06-01T19:00:00+09:00")
        #expect(fine.status == 201, "\(String(decoding: fine.body, as: UTF8.self))")
        // RFC 3339 allows offsets up to ±23:59, past the ±18:00 Foundation's parser takes.
        let farEast = try await create(startsAt: "2027-06-02T09:59:00+23:59")
        #expect(farEast.status == 201, "\(String(decoding: farEast.body, as: UTF8.self))")
        let performances = try await server.client().performances().performances
        #expect(performances.count == 2)
        #expect(performances.allSatisfy { RFC3339.format($0.startsAt) == "2027-06-01T10:00:00Z" })
    }

    @Test func aStatementFormatOtherThanJSONOrCSVIsRefused() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (seller, _) = try await server.signedUp("seller")
        let id = try #require(try await seller.get("/v1/seller/settlements", as: SettlementList.self).settlements.first?.id)
        let path = "/v1/seller/settlements/\(id)"
        let xml = try await seller.send(method: "GET", path: path + "?format=xml")
        #expect(xml.status == 400 && errorCode(xml) == "bad_request")
        let json = try await seller.send(method: "GET", path: path + "?format=json")
        #expect(json.status == 200 && json.headers["content-type"]?.hasPrefix("application/json") == true)
        let csv = try await seller.send(method: "GET", path: path + "?format=csv")
        #expect(csv.status == 200 && csv.headers["content-type"]?.hasPrefix("text/csv") == true)
    }

    /// `paymentKey` is 1–200 code points (openapi.yaml's `minLength`/`maxLength`) on every call,
    /// not only while the order awaits payment: a second pay with an empty key was a 202.
    @Test func payValidatesThePaymentKeyWhateverTheOrdersState() async throws {
        let fixture = try await CheckoutFixture.make()
        defer { Task { await fixture.show.server.stop() } }
        let order = try await fixture.buyer.post("/v1/orders", body: QuoteRequest(holdId: fixture.hold.holdId), as: OrderDTO.self)
        let path = "/v1/orders/\(order.orderId)/pay"
        func pay(_ key: String) async throws -> ClientResponse {
            try await fixture.buyer.send(method: "POST", path: path, body: try WireJSON.encode(PayRequest(paymentKey: key)),
                                         headers: ["Content-Type": "application/json"])
        }
        // 200 code points that are 100 characters (e + combining acute) pass; 201 do not.
        let combining = String(repeating: "e\u{301}", count: 100)
        let tooLong = try await pay(combining + "x")
        #expect(tooLong.status == 400 && errorCode(tooLong) == "bad_request", "\(String(decoding: tooLong.body, as: UTF8.self))")
        let first = try await pay(combining)
        #expect(first.status == 202, "\(String(decoding: first.body, as: UTF8.self))")
        let empty = try await pay("")
        #expect(empty.status == 400 && errorCode(empty) == "bad_request", "\(String(decoding: empty.body, as: UTF8.self))")
    }

    /// Text limits count code points of the value as sent, as openapi.yaml's `minLength`/`maxLength`
    /// do: 101 code points that are 100 characters, or 100 letters padded with spaces, were taken.
    @Test func textLimitsCountCodePointsAsSent() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let api = server.client()
        func signup(name: String, password: String = "long enough") async throws -> ClientResponse {
            let body = #"{"email":"\#(UUID().uuidString.lowercased())@example.com","password":"\#(password)","name":"\#(name)","role":"seller"}"#
            return try await api.send(method: "POST", path: "/v1/auth/signup", body: Data(body.utf8),
                                      headers: ["Content-Type": "application/json"])
        }
        let combining = String(repeating: "e\u{301}", count: 50)  // 100 code points, 50 characters
        #expect(try await signup(name: combining).status == 201)
        let over = try await signup(name: combining + "x")
        #expect(over.status == 400 && errorCode(over) == "bad_request", "\(String(decoding: over.body, as: UTF8.self))")
        let padded = try await signup(name: "  " + String(repeating: "a", count: 99))
        #expect(padded.status == 400, "\(String(decoding: padded.body, as: UTF8.self))")
        // 8 code points that are 4 characters are a long enough password.
        #expect(try await signup(name: "Kim", password: String(repeating: "e\u{301}", count: 4)).status == 201)

        let (seller, _) = try await server.signedUp("seller")
        let hall = try VenuePerformanceTests.hall("theatre.hall")
        func venue(_ name: String) async throws -> ClientResponse {
            try await seller.send(method: "POST", path: "/v1/venues",
                                  body: try WireJSON.encode(CreateVenueRequest(name: name, layout: hall.layout)),
                                  headers: ["Content-Type": "application/json"])
        }
        #expect(try await venue(" " + String(repeating: "a", count: 200)).status == 400)
        let trimmed = try await venue("  Hall  ")
        #expect(trimmed.status == 201)
        #expect(try WireJSON.decode(VenueDTO.self, from: trimmed.body).name == "Hall")
    }
}
