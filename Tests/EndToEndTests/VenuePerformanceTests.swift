import Foundation
import Testing
import TicketingClient
import TicketingDomain
import TicketingProtocol

@Suite("Venues and performances over real sockets")
struct VenuePerformanceTests {
    static let hallFiles = ["theatre.hall", "concert-hall.hall", "arena.hall"]

    static func hall(_ file: String) throws -> Hall {
        try Hall.load(path: TestServer.assetsDirectory.appendingPathComponent("halls/\(file)").path)
    }

    static func request(venueId: String, hall: Hall, title: String = "Test Night",
                        opensIn: TimeInterval = -60) -> CreatePerformanceRequest {
        CreatePerformanceRequest(venueId: venueId, title: title, startsAt: Date().addingTimeInterval(86_400 * 30),
                                 saleOpensAt: Date().addingTimeInterval(opensIn), grades: hall.grades,
                                 holdSeconds: 300, maxSeatsPerOrder: 4,
                                 admission: AdmissionSpec(ratePerSecond: 0.5, maxActive: 100, tokenTTLSeconds: 600))
    }

    @Test(arguments: hallFiles)
    func everyAssetHallBecomesAVenueAndAPerformance(file: String) async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (seller, _) = try await server.signedUp("seller")
        let hall = try Self.hall(file)
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        #expect(venue.seatCount == hall.layout.seats.count)
        let fetched = try await server.client().venue(venue.id)
        #expect(fetched.layout == hall.layout)

        let performance = try await seller.createPerformance(Self.request(venueId: venue.id, hall: hall))
        #expect(performance.admission.ratePerSecond == 0.5)
        let seats = try await server.client().seats(performance.id)
        #expect(seats.seats.count == Set(hall.grades.flatMap(\.seatIds)).count)
        #expect(seats.seats.allSatisfy { $0.state == .available && $0.price > 0 })
        let list = try await server.client().performances()
        #expect(list.performances.map(\.id) == [performance.id])
    }

    @Test func rolesAndOwnershipAreEnforced() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (owner, _) = try await server.signedUp("seller")
        let (rival, _) = try await server.signedUp("seller")
        let (buyer, _) = try await server.signedUp("buyer")
        let hall = try Self.hall("theatre.hall")
        let createVenue = CreateVenueRequest(name: hall.name, layout: hall.layout)

        let buyerVenue = await #expect(throws: APIError.self) { _ = try await buyer.createVenue(createVenue) }
        #expect(buyerVenue?.status == 403 && buyerVenue?.code == "forbidden")
        let anonymous = await #expect(throws: APIError.self) { _ = try await server.client().createVenue(createVenue) }
        #expect(anonymous?.status == 401)

        let venue = try await owner.createVenue(createVenue)
        let rivalShow = await #expect(throws: APIError.self) {
            _ = try await rival.createPerformance(Self.request(venueId: venue.id, hall: hall))
        }
        #expect(rivalShow?.status == 403)
        let buyerShow = await #expect(throws: APIError.self) {
            _ = try await buyer.createPerformance(Self.request(venueId: venue.id, hall: hall))
        }
        #expect(buyerShow?.status == 403)
        let unknown = await #expect(throws: APIError.self) {
            _ = try await owner.createPerformance(Self.request(venueId: "ven_missing", hall: hall))
        }
        #expect(unknown?.status == 404)
        #expect(try await server.client().performances().performances.isEmpty)
    }

    @Test func invalidLayoutsAndPerformancesAreRefusedWithReasons() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let (seller, _) = try await server.signedUp("seller")
        let hall = try Self.hall("theatre.hall")
        var broken = hall.layout
        broken.seats.append(broken.seats[0])
        let badVenue = await #expect(throws: APIError.self) {
            _ = try await seller.createVenue(CreateVenueRequest(name: "Broken", layout: broken))
        }
        #expect(badVenue?.status == 400)
        #expect(badVenue?.body?.problems?.isEmpty == false)

        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        var late = Self.request(venueId: venue.id, hall: hall)
        late.saleOpensAt = late.startsAt.addingTimeInterval(60)
        late.grades[0].price = 0
        let badShow = await #expect(throws: APIError.self) { _ = try await seller.createPerformance(late) }
        #expect(badShow?.status == 400)
        #expect((badShow?.body?.problems?.count ?? 0) >= 2)
        #expect(try await server.client().performances().performances.isEmpty)
        let missing = await #expect(throws: APIError.self) { _ = try await server.client().performance("prf_nope") }
        #expect(missing?.status == 404)
    }

    @Test func dataAndTokensSurviveARestart() async throws {
        let first = try await TestServer.start()
        let (seller, auth) = try await first.signedUp("seller")
        let hall = try Self.hall("theatre.hall")
        let venue = try await seller.createVenue(CreateVenueRequest(name: hall.name, layout: hall.layout))
        let show = try await seller.createPerformance(Self.request(venueId: venue.id, hall: hall, title: "아이유 콘서트"))
        await first.stop()

        let second = try await TestServer.start(dataDirectory: first.dataDirectory)
        defer { Task { await second.stop() } }
        let again = second.client()
        await again.setToken(auth.token)
        #expect(try await again.me().user.id == auth.user.id)
        #expect(try await second.client().performance(show.id).title == "아이유 콘서트")
        #expect(try await second.client().venue(venue.id).seatCount == hall.layout.seats.count)
    }
}
